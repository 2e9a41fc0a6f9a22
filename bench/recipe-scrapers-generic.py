"""recipe-scrapers' generic schema.org path (wild mode) on saved pages, for bench/scrape-extract.ts.

Reads a JSON list of {"name", "html"} (paths) on stdin, prints one JSON object per page on stdout:
{"name", "ms" (wall), "cpu_ms" (process time), "actual" (the fields, null when the library finds no
recipe), "error"}. Runs with Debian's python3-recipe-scrapers (`apt-get install -y
python3-recipe-scrapers`); the page URL is a loopback one, so no site-specific scraper is chosen
and `scrape_html` takes its wild mode, the path Mealie and Tandoor use for unknown sites.
"""
import json
import sys
import time

from recipe_scrapers import scrape_html


def field(scraper, name):
    try:
        return getattr(scraper, name)()
    except Exception:  # the library raises when a page lacks a field
        return None


def main():
    pages = json.load(sys.stdin)
    for page in pages:
        with open(page["html"], encoding="utf-8") as f:
            html = f.read()
        t0, c0 = time.perf_counter(), time.process_time()
        actual, error = None, None
        try:
            scraper = scrape_html(html, org_url="http://127.0.0.1/" + page["name"] + ".html")
            actual = {
                "title": field(scraper, "title"),
                "ingredients": field(scraper, "ingredients"),
                "time_minutes": field(scraper, "total_time"),
                "servings": field(scraper, "yields"),
                "instructions": field(scraper, "instructions"),
                "image_url": field(scraper, "image"),
            }
        except Exception as e:  # no schema.org recipe on the page
            error = type(e).__name__
        ms = (time.perf_counter() - t0) * 1000
        cpu_ms = (time.process_time() - c0) * 1000
        print(json.dumps({"name": page["name"], "ms": ms, "cpu_ms": cpu_ms, "actual": actual, "error": error}), flush=True)


if __name__ == "__main__":
    main()
