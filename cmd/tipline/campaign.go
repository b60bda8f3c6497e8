package main

import (
	"context"
	"flag"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"text/tabwriter"

	"github.com/tipline/tipline/campaign"
)

// campaignVerbs are tipline campaign's subcommands, each with its own flags
// and --help.
var campaignVerbs = map[string]func(ctx context.Context, env *environment, args []string) error{
	"add":  runCampaignAdd,
	"list": runCampaignList,
	"qr":   runCampaignQR,
}

func runCampaign(ctx context.Context, env *environment, args []string) error {
	fs := newFlags(env, "campaign", "campaign add|list|qr [flags]   (tipline campaign VERB --help for its flags)")
	if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
		fs.Usage()
		return flag.ErrHelp
	}
	if len(args) == 0 {
		fs.Usage()
		return usageError{"want add, list or qr"}
	}
	verb, ok := campaignVerbs[args[0]]
	if !ok {
		fs.Usage()
		return usageError{fmt.Sprintf("unknown verb %q: want add, list or qr", args[0])}
	}
	return verb(ctx, env, args[1:])
}

func runCampaignAdd(ctx context.Context, env *environment, args []string) error {
	fs := newFlags(env, "campaign add", "campaign add --name NAME --kind KIND --town AREA [--starts YYYY-MM-DD] [--ends YYYY-MM-DD] [--notes TEXT] [--telegram]")
	cfgPath := configFlag(fs)
	name := fs.String("name", "", "the campaign's name, e.g. 梅桥镇中学禁毒宣讲 (required)")
	kind := fs.String("kind", "", "a code of campaigns.kinds, e.g. school (required)")
	town := fs.String("town", "", "a code of areas, e.g. meiqiao (required)")
	starts := fs.String("starts", "", "first day, YYYY-MM-DD")
	ends := fs.String("ends", "", "last day, YYYY-MM-DD")
	notes := fs.String("notes", "", "notes for the office")
	telegram := fs.Bool("telegram", false, "also print the bot's t.me code on the poster (needs bot.username)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		fs.Usage()
		return usageError{"add takes flags only"}
	}
	c := campaign.Campaign{Name: *name, Kind: *kind, AreaCode: *town, Notes: *notes, Telegram: *telegram}
	var err error
	if c.StartsOn, err = campaign.ParseDate(*starts); err != nil {
		return usageError{"--starts: " + err.Error()}
	}
	if c.EndsOn, err = campaign.ParseDate(*ends); err != nil {
		return usageError{"--ends: " + err.Error()}
	}
	cfg, db, err := connect(ctx, env, *cfgPath, true)
	if err != nil {
		return err
	}
	defer db.Close()
	st := campaign.NewStore(db, cfg)
	c, err = st.Create(ctx, c, 0)
	if err != nil {
		return err
	}
	links := campaign.LinksFor(cfg, c, st.Code(c))
	fmt.Fprintf(env.stdout, "added campaign %d (%s)\ncode: %s\n", c.ID, c.Name, st.Code(c))
	for _, l := range links.All() {
		fmt.Fprintln(env.stdout, l)
	}
	return nil
}

func runCampaignList(ctx context.Context, env *environment, args []string) error {
	fs := newFlags(env, "campaign list", "campaign list")
	cfgPath := configFlag(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		fs.Usage()
		return usageError{"list takes no arguments"}
	}
	cfg, db, err := connect(ctx, env, *cfgPath, true)
	if err != nil {
		return err
	}
	defer db.Close()
	st := campaign.NewStore(db, cfg)
	list, err := st.List(ctx)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(env.stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tKIND\tTOWN\tSTATUS\tNAME\tWEB LINK")
	for _, c := range list {
		status := "running"
		if c.Archived() {
			status = "archived"
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\n", c.ID, c.Kind, c.AreaCode, status, c.Name, campaign.LinksFor(cfg, c, st.Code(c)).Web)
	}
	return tw.Flush()
}

func runCampaignQR(ctx context.Context, env *environment, args []string) error {
	fs := newFlags(env, "campaign qr", "campaign qr ID [--out DIR] [--zip]")
	cfgPath := configFlag(fs)
	out := fs.String("out", ".", "directory to write the files to")
	zipped := fs.Bool("zip", false, "write one ZIP (campaign-ID.zip) instead of the separate files")
	rest, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		fs.Usage()
		return usageError{"qr takes one campaign ID"}
	}
	id, err := strconv.ParseInt(rest[0], 10, 64)
	if err != nil || id <= 0 {
		return usageError{fmt.Sprintf("%q is not a campaign ID (see tipline campaign list)", rest[0])}
	}
	cfg, db, err := connect(ctx, env, *cfgPath, true)
	if err != nil {
		return err
	}
	defer db.Close()
	st := campaign.NewStore(db, cfg)
	c, err := st.Get(ctx, id)
	if err != nil {
		return err
	}
	files := map[string][]byte{}
	if *zipped {
		b, err := campaign.Zip(cfg, c, st.Code(c), c.CreatedAt)
		if err != nil {
			return err
		}
		files[fmt.Sprintf("campaign-%d.zip", c.ID)] = b
	} else if files, err = campaign.Files(cfg, c, st.Code(c)); err != nil {
		return err
	}
	for _, name := range slices.Sorted(maps.Keys(files)) {
		p := filepath.Join(*out, name)
		if err := os.WriteFile(p, files[name], 0o644); err != nil {
			return err
		}
		fmt.Fprintln(env.stdout, p)
	}
	return nil
}
