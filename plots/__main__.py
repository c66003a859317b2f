"""python3 -m plots DIR: figures and report.html for a cisim result directory.
Exit status as cisim's: 0 success, 1 a failure while drawing, 2 bad input."""
import argparse
import sys


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python3 -m plots",
                                     description="Figures (DIR/plots/*.svg, *.png) and DIR/report.html "
                                                 "for a cisim result directory.")
    parser.add_argument("dir", metavar="DIR", help="result directory written by cisim run/mc/measures")
    parser.add_argument("-q", "--quiet", action="store_true", help="print nothing on success")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every file written")
    args = parser.parse_args(argv)

    def log(message):
        print(message, file=sys.stderr)

    import plots
    try:
        figures, report = plots.build(args.dir, log=log)
    except plots.ResultError as e:
        print(e, file=sys.stderr)
        return 2
    except Exception as e:  # a failure while drawing: one line, status 1
        print(f"cisim plot: {args.dir}: {type(e).__name__}: {e}", file=sys.stderr)
        return 1
    if args.verbose:
        for name in sorted(figures):
            print(figures[name])
            print(figures[name].with_suffix(".png"))
    if not args.quiet:
        print(f"{len(figures)} figures in {report.parent / 'plots'}, report in {report}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
