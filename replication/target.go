package replication

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/benbjohnson/litestream"
	"github.com/benbjohnson/litestream/file"
	"github.com/benbjohnson/litestream/s3"
	"github.com/pocketbase/pocketbase/tools/filesystem"
)

// target is where a replica lives: Litestream's files of data.db under
// "<url>/db" and a copy of the uploaded files under "<url>/storage".
// Keeping Litestream's own layout under db/ means the standalone
// `litestream restore <url>/db` reads it too.
type target struct {
	raw    string // as configured (may carry no secrets: keys come from the environment)
	db     litestream.ReplicaClient
	files  func() (*filesystem.System, error)
	prefix string // key prefix of the files inside files()
}

// parseTarget understands "file:///dir", a plain directory path and
// "s3://bucket/prefix?endpoint=…&region=…" (any S3-compatible store; keys
// from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY or LITESTREAM_*).
func parseTarget(raw string) (*target, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return nil, errors.New("no replica configured (--replica or MALLCARE_REPLICA)")
	}
	if !strings.Contains(raw, "://") {
		abs, err := filepath.Abs(raw)
		if err != nil {
			return nil, err
		}
		raw = "file://" + abs
	}
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("replica url %q: %w", raw, err)
	}
	if u.User != nil {
		return nil, errors.New("replica url must not contain credentials; set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY")
	}
	switch u.Scheme {
	case "file":
		dir := filepath.Clean(u.Path)
		if u.Host != "" || !filepath.IsAbs(dir) {
			return nil, fmt.Errorf("file replica %q: use an absolute path, file:///var/backups/mallcare", raw)
		}
		return &target{
			raw:   raw,
			db:    file.NewReplicaClient(filepath.Join(dir, "db")),
			files: func() (*filesystem.System, error) { return filesystem.NewLocal(filepath.Join(dir, "storage")) },
		}, nil
	case "s3":
		if os.Getenv("AWS_CA_BUNDLE") != "" {
			// the AWS SDK then wants to build its own HTTP client, which
			// Litestream's S3 client does not allow: every upload would fail
			return nil, errors.New("AWS_CA_BUNDLE is set, which Litestream's S3 client cannot use: unset it (a private CA belongs in the system's trust store)")
		}
		dbURL := *u
		dbURL.Path = path.Join("/", u.Path, "db")
		client, err := litestream.NewReplicaClientFromURL(dbURL.String())
		if err != nil {
			return nil, fmt.Errorf("replica %q: %w", raw, err)
		}
		c := client.(*s3.ReplicaClient)
		region := c.Region
		if region == "" {
			region = s3.DefaultRegion
		}
		return &target{
			raw: raw,
			db:  c,
			files: func() (*filesystem.System, error) {
				return filesystem.NewS3(c.Bucket, region, c.Endpoint, c.AccessKeyID, c.SecretAccessKey, c.ForcePathStyle)
			},
			prefix: strings.Trim(path.Join(strings.TrimPrefix(u.Path, "/"), "storage"), "/") + "/",
		}, nil
	}
	return nil, fmt.Errorf("replica %q: only file:// and s3:// replicas are supported", raw)
}

// String is the replica without its query (which may name endpoints, never keys).
func (t *target) String() string {
	if i := strings.IndexByte(t.raw, '?'); i >= 0 {
		return t.raw[:i]
	}
	return t.raw
}
