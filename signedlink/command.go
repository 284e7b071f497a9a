package signedlink

import (
	"errors"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/pocketbase/pocketbase/core"
	"github.com/spf13/cobra"
)

// NewCommand is the operator's command for the signing keys, beside
// PocketBase's own "superuser" and "migrate":
//
//	mallcare signing-keys list
//	mallcare signing-keys rotate
//	mallcare signing-keys retire KID
//
// Keys belong to the installation, not to a mall, so they are kept off the
// HTTP API: whoever runs the binary on the server's data directory manages
// them, also while the server runs (it reads the keys for every token).
func NewCommand(app core.App) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "signing-keys",
		Short: "List, rotate and retire the keys that sign survey QR codes and download links",
		// the key table is made by a migration; a fresh data directory gets it here
		PersistentPreRunE: func(*cobra.Command, []string) error { return app.RunAllMigrations() },
	}
	cmd.AddCommand(&cobra.Command{
		Use:          "list",
		Short:        "List the keys: the one that signs, those that still verify, the retired",
		Args:         cobra.NoArgs,
		SilenceUsage: true,
		RunE: func(c *cobra.Command, _ []string) error {
			return printKeys(app, c.OutOrStdout())
		},
	})
	cmd.AddCommand(&cobra.Command{
		Use:          "rotate",
		Short:        "Add a new key that signs from now on; links signed before keep working until their key is retired",
		Args:         cobra.NoArgs,
		SilenceUsage: true,
		RunE: func(c *cobra.Command, _ []string) error {
			k, err := Rotate(app)
			if err != nil {
				return err
			}
			fmt.Fprintf(c.OutOrStdout(), "new signing key %s; older keys still verify until retired\n", k.ID)
			return printKeys(app, c.OutOrStdout())
		},
	})
	cmd.AddCommand(&cobra.Command{
		Use:          "retire KID",
		Short:        "Refuse every link the key signed, from now on (printed QR codes of that key stop working)",
		Args:         cobra.ExactArgs(1),
		SilenceUsage: true,
		RunE: func(c *cobra.Command, args []string) error {
			if err := Retire(app, args[0]); errors.Is(err, ErrNoSuchKey) {
				return fmt.Errorf("no key %q (see: signing-keys list)", args[0])
			} else if err != nil {
				return err
			}
			fmt.Fprintf(c.OutOrStdout(), "retired %s: links it signed are refused from now on\n", args[0])
			return printKeys(app, c.OutOrStdout())
		},
	})
	return cmd
}

func printKeys(app core.App, out io.Writer) error {
	keys, err := Keys(app)
	if err != nil {
		return err
	}
	if len(keys) == 0 {
		fmt.Fprintln(out, "no keys yet: the first is made when the first link is signed")
		return nil
	}
	signer := ""
	for _, k := range keys {
		if k.Active() {
			signer = k.ID // the newest active key signs
		}
	}
	w := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "KID\tCREATED\tSTATE")
	for _, k := range keys {
		state := "verifies"
		switch {
		case !k.Active():
			state = "retired " + k.Retired.Format("2006-01-02 15:04")
		case k.ID == signer:
			state = "signs"
		}
		fmt.Fprintf(w, "%s\t%s\t%s\n", k.ID, k.Created.Format("2006-01-02 15:04"), state)
	}
	return w.Flush()
}
