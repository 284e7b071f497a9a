package replication

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/pocketbase/pocketbase/tools/filesystem"

	"mallcare/syncapi"
)

// fileMirror copies PocketBase's local file storage (pb_data/storage:
// complaint and inspection photos, report workbooks, staged sync photos) to
// the replica. A stored file never changes (every upload gets a new random
// name), so each is copied once. Deletions are not copied: a point-in-time
// restore may need a file that a later change removed. Thumbnails are left
// out; PocketBase makes them again on demand.
//
// A record saved with files queues its folder at once (after the commit),
// and the one flat folder of staged sync photos (not records) is compared
// on every tick, so both follow within a sync interval; a full comparison
// at start and every minute catches anything else (a failed copy).
type fileMirror struct {
	localDir string
	target   *target
	interval time.Duration
	errs     lastError

	dst *filesystem.System

	mu       sync.Mutex
	known    map[string]bool      // keys (without the target prefix) in the replica
	queue    map[string]time.Time // record folders to copy, since when
	backlog  int                  // files the running full comparison found missing
	since    time.Time            // when that comparison began
	lastSync time.Time
	copied   int

	stop context.CancelFunc
	done chan struct{}
}

const rescanEvery = time.Minute

func newFileMirror(dataDir string, t *target, interval time.Duration) *fileMirror {
	return &fileMirror{
		localDir: filepath.Join(dataDir, "storage"), target: t, interval: interval,
		known: map[string]bool{}, queue: map[string]time.Time{}, done: make(chan struct{}),
	}
}

// enqueue asks for a record folder ("<collection id>/<record id>") to be copied.
func (m *fileMirror) enqueue(dir string) {
	m.mu.Lock()
	if _, ok := m.queue[dir]; !ok {
		m.queue[dir] = time.Now()
	}
	m.mu.Unlock()
}

func (m *fileMirror) start() {
	ctx, cancel := context.WithCancel(context.Background())
	m.stop = cancel
	go func() {
		defer close(m.done)
		for m.open() != nil {
			select {
			case <-ctx.Done():
				return
			case <-time.After(30 * time.Second):
			}
		}
		m.rescan()
		tick := time.NewTicker(m.interval)
		defer tick.Stop()
		lastScan := time.Now()
		for {
			select {
			case <-ctx.Done():
				m.drain() // what the last requests queued
				return
			case <-tick.C:
			}
			m.drain()
			if time.Since(lastScan) >= rescanEvery {
				m.rescan()
				lastScan = time.Now()
			}
		}
	}()
}

func (m *fileMirror) close() {
	m.stop()
	<-m.done
	if m.dst != nil {
		_ = m.dst.Close()
	}
}

// open connects to the replica and lists what it already holds.
func (m *fileMirror) open() error {
	dst, err := m.target.files()
	if err != nil {
		m.errs.set("open the file replica: "+err.Error(), time.Now())
		return err
	}
	objs, err := dst.List(m.target.prefix)
	if err != nil {
		_ = dst.Close()
		m.errs.set("list the file replica: "+err.Error(), time.Now())
		return err
	}
	m.mu.Lock()
	for _, o := range objs {
		m.known[strings.TrimPrefix(o.Key, m.target.prefix)] = true
	}
	m.dst = dst
	m.mu.Unlock()
	return nil
}

// drain copies the queued folders' new files.
func (m *fileMirror) drain() {
	m.mu.Lock()
	dirs := make([]string, 0, len(m.queue))
	for d := range m.queue {
		dirs = append(dirs, d)
	}
	m.mu.Unlock()
	failed := false
	keys, err := localKeys(m.localDir, syncapi.StagedDir)
	if err == nil {
		err = m.copyMissing(keys)
	}
	if err != nil {
		failed = true
		m.errs.set(err.Error(), time.Now())
	}
	for _, dir := range dirs {
		keys, err := localKeys(m.localDir, dir)
		if err == nil {
			err = m.copyMissing(keys)
		}
		if err != nil {
			failed = true
			m.errs.set(err.Error(), time.Now())
			continue
		}
		m.mu.Lock()
		delete(m.queue, dir)
		m.mu.Unlock()
	}
	if !failed {
		m.mu.Lock()
		m.lastSync = time.Now()
		m.mu.Unlock()
	}
}

// rescan compares the whole local storage with the replica.
func (m *fileMirror) rescan() {
	began := time.Now()
	keys, err := localKeys(m.localDir, "")
	if err != nil {
		m.errs.set(err.Error(), time.Now())
		return
	}
	m.mu.Lock()
	missing := keys[:0]
	for _, k := range keys {
		if !m.known[k] {
			missing = append(missing, k)
		}
	}
	m.backlog, m.since = len(missing), began
	m.mu.Unlock()
	err = m.copyMissing(missing)
	m.mu.Lock()
	defer m.mu.Unlock()
	m.backlog = 0
	if err != nil {
		m.errs.set(err.Error(), time.Now())
		return
	}
	m.lastSync = time.Now()
}

func (m *fileMirror) copyMissing(keys []string) error {
	for _, key := range keys {
		m.mu.Lock()
		done := m.known[key]
		m.mu.Unlock()
		if done {
			continue
		}
		content, err := os.ReadFile(filepath.Join(m.localDir, filepath.FromSlash(key)))
		if errors.Is(err, os.ErrNotExist) {
			continue // deleted meanwhile
		}
		if err != nil {
			return fmt.Errorf("read %s: %w", key, err)
		}
		if err := m.dst.Upload(content, m.target.prefix+key); err != nil {
			return fmt.Errorf("copy %s to the replica: %w", key, err)
		}
		m.mu.Lock()
		m.known[key] = true
		m.copied++
		m.mu.Unlock()
	}
	return nil
}

// localKeys lists the stored files under dir ("" = all), as storage keys.
func localKeys(root, dir string) ([]string, error) {
	var keys []string
	err := filepath.WalkDir(filepath.Join(root, filepath.FromSlash(dir)), func(p string, d os.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, os.ErrNotExist) {
				return nil
			}
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if strings.HasPrefix(name, "thumbs_") {
				return filepath.SkipDir
			}
			return nil
		}
		if !storedFile(name) {
			return nil
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return err
		}
		keys = append(keys, filepath.ToSlash(rel))
		return nil
	})
	sort.Strings(keys)
	return keys, err
}

// storedFile: not PocketBase's attribute side file or a write in progress.
func storedFile(name string) bool {
	return !strings.HasSuffix(name, ".attrs") && !strings.HasSuffix(name, ".tmp")
}

// FilesStatus is where the file copy stands.
type FilesStatus struct {
	Mode        string    `json:"mode"`    // "mirror", or "pocketbase-s3" when PocketBase stores files in S3 itself
	Pending     int       `json:"pending"` // record folders and files waiting to be copied
	LagMs       int64     `json:"lagMs"`   // how long the oldest of them has waited
	Copied      int       `json:"copied"`  // files copied since start
	LastSyncAt  time.Time `json:"lastSyncAt,omitzero"`
	LastError   string    `json:"lastError,omitempty"`
	LastErrorAt time.Time `json:"lastErrorAt,omitzero"`
}

func (m *fileMirror) status(now time.Time) FilesStatus {
	m.mu.Lock()
	st := FilesStatus{Mode: "mirror", Pending: len(m.queue) + m.backlog, Copied: m.copied, LastSyncAt: m.lastSync}
	var oldest time.Time
	if m.backlog > 0 {
		oldest = m.since
	}
	for _, at := range m.queue {
		if oldest.IsZero() || at.Before(oldest) {
			oldest = at
		}
	}
	m.mu.Unlock()
	if !oldest.IsZero() {
		st.LagMs = now.Sub(oldest).Milliseconds()
	}
	st.LastError, st.LastErrorAt = m.errs.get()
	return st
}

// restoreFiles copies every file of the replica into dir's storage.
func restoreFiles(t *target, dataDir string, workers int) (int, error) {
	src, err := t.files()
	if err != nil {
		return 0, err
	}
	defer src.Close()
	objs, err := src.List(t.prefix)
	if err != nil {
		return 0, fmt.Errorf("list the file replica: %w", err)
	}
	local, err := filesystem.NewLocal(filepath.Join(dataDir, "storage"))
	if err != nil {
		return 0, err
	}
	defer local.Close()

	jobs := make(chan string)
	errs := make(chan error, workers)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for key := range jobs {
				if err := copyFile(src, local, key, strings.TrimPrefix(key, t.prefix)); err != nil {
					errs <- err
					for range jobs {
					}
					return
				}
			}
		}()
	}
	n := 0
	for _, o := range objs {
		if o.IsDir {
			continue
		}
		jobs <- o.Key
		n++
	}
	close(jobs)
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		return 0, err
	}
	return n, nil
}

func copyFile(src, dst *filesystem.System, from, to string) error {
	r, err := src.GetReader(from)
	if err != nil {
		return fmt.Errorf("read %s from the replica: %w", from, err)
	}
	defer r.Close()
	content, err := io.ReadAll(r)
	if err != nil {
		return fmt.Errorf("read %s from the replica: %w", from, err)
	}
	if err := dst.Upload(content, to); err != nil {
		return fmt.Errorf("write %s: %w", to, err)
	}
	return nil
}
