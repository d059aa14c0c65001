import Application
import Hummingbird
import NIOCore

/// `/assets/kopi.css` and `/assets/confirm.js`, compiled into the binary.
struct StaticAssets: Sendable {
    func register(on router: Router<KopiRequestContext>) {
        router.get("assets/kopi.css") { _, _ in Self.asset(Self.css, type: "text/css; charset=utf-8") }
        router.get("assets/confirm.js") { _, _ in Self.asset(Self.confirmScript, type: "text/javascript; charset=utf-8")
        }
    }

    static func asset(_ text: String, type: String) -> Response {
        var response = Response(
            status: .ok, headers: [.contentType: type], body: .init(byteBuffer: ByteBuffer(string: text)))
        response.headers[.cacheControl] = "public, max-age=3600"
        return response
    }

    /// Moves the token from the link's fragment (never sent to servers or logged) into the form,
    /// and removes it from the address bar and history.
    static let confirmScript = """
        (function () {
          var match = /token=([A-Za-z0-9_-]{20,100})/.exec(window.location.hash);
          if (!match) { document.getElementById('confirm').hidden = true; document.getElementById('no-token').hidden = false; return; }
          document.getElementById('token').value = match[1];
          history.replaceState(null, '', window.location.pathname);
        })();
        """

    static let css = """
        :root { --ink: #1d232b; --muted: #5e6a78; --line: #dde3ea; --bg: #f6f8fa; --green: #1a7f37; --yellow: #9a6700; --red: #cf222e; --accent: #0b5cad; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink); background: var(--bg); }
        a { color: var(--accent); }
        .top { display: flex; flex-wrap: wrap; align-items: center; gap: 1rem; padding: .6rem 1.2rem; background: #fff; border-bottom: 1px solid var(--line); }
        .brand { font-weight: 700; font-size: 1.2rem; text-decoration: none; color: var(--ink); }
        nav { display: flex; gap: 1rem; flex-wrap: wrap; }
        nav a { text-decoration: none; color: var(--muted); }
        nav a[aria-current] { color: var(--ink); font-weight: 600; }
        .signout { margin-left: auto; display: flex; gap: .5rem; align-items: center; }
        .who { color: var(--muted); font-size: .9rem; }
        main { max-width: 72rem; margin: 0 auto; padding: 1.2rem; }
        h1 { font-size: 1.5rem; margin: .4rem 0 1rem; }
        .card { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 1rem 1.2rem; margin-bottom: 1rem; overflow-x: auto; }
        .narrow { max-width: 28rem; margin: 3rem auto; }
        .grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(20rem, 1fr)); gap: 1rem; }
        table { width: 100%; border-collapse: collapse; }
        th, td { text-align: left; padding: .45rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
        .list { background: #fff; border: 1px solid var(--line); }
        .num { text-align: right; font-variant-numeric: tabular-nums; }
        .muted { color: var(--muted); }
        .verdict { display: inline-block; min-width: 4.2rem; text-align: center; border-radius: 999px; padding: 0 .5rem; font-size: .85rem; font-weight: 600; color: #fff; background: var(--muted); }
        .verdict.green { background: var(--green); } .verdict.yellow { background: var(--yellow); } .verdict.red { background: var(--red); }
        .finding { border-left: 4px solid var(--line); padding: .2rem .8rem; margin: .6rem 0; }
        .finding.green { border-color: var(--green); } .finding.yellow { border-color: var(--yellow); } .finding.red { border-color: var(--red); }
        .evidence { display: grid; grid-template-columns: max-content 1fr; gap: 0 1rem; font-size: .9rem; }
        dl { display: grid; grid-template-columns: max-content 1fr; gap: .1rem 1rem; } dt { color: var(--muted); } dd { margin: 0; }
        form label { display: block; margin: .5rem 0; }
        form label.check { display: flex; gap: .5rem; align-items: center; }
        input, select, textarea { font: inherit; padding: .35rem .5rem; border: 1px solid var(--line); border-radius: 6px; max-width: 100%; }
        form label > input:not([type=checkbox]), form label > textarea, form label > select { display: block; width: 100%; margin-top: .2rem; }
        form.inline, form.filters { display: inline-flex; flex-wrap: wrap; gap: .5rem; align-items: end; }
        form.inline label, form.filters label { margin: 0; }
        form.inline input, form.filters input, form.inline select, form.filters select { display: inline-block; width: auto; }
        .filters { margin-bottom: 1rem; }
        button, .button { font: inherit; background: var(--accent); color: #fff; border: 0; border-radius: 6px; padding: .45rem .9rem; cursor: pointer; text-decoration: none; display: inline-block; }
        button.secondary, .button.secondary { background: #fff; color: var(--ink); border: 1px solid var(--line); }
        button.small { padding: .2rem .6rem; font-size: .85rem; }
        button.danger { background: var(--red); }
        button.link { background: none; color: var(--accent); padding: 0; }
        button[disabled] { opacity: .5; cursor: not-allowed; }
        .hint { font-size: .85rem; color: var(--muted); margin-top: -.3rem; }
        .flash { background: #dafbe1; border: 1px solid #aceebb; padding: .5rem .8rem; border-radius: 6px; }
        .error { background: #ffebe9; border: 1px solid #ffcecb; padding: .5rem .8rem; border-radius: 6px; margin-bottom: 1rem; }
        .notice { background: #fff8c5; border: 1px solid #eedc82; padding: .5rem .8rem; border-radius: 6px; }
        .ok { color: var(--green); }
        .checklist { display: flex; flex-wrap: wrap; gap: .5rem 1.5rem; padding-left: 1.2rem; }
        .checklist li.done { color: var(--green); } .checklist li.done::marker { content: "✓ "; }
        .figures { display: grid; grid-template-columns: repeat(auto-fit, minmax(9rem, 1fr)); gap: .8rem; margin-bottom: 1rem; }
        .figure { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: .8rem; color: var(--muted); font-size: .9rem; }
        .figure span { display: block; font-size: 1.6rem; font-weight: 700; color: var(--ink); }
        svg.chart { width: 100%; height: auto; }
        .timeline { padding-left: 1.2rem; } .timeline time { color: var(--muted); font-variant-numeric: tabular-nums; }
        .policy-quote { margin: .4rem 0; padding: .3rem .8rem; border-left: 3px solid var(--muted); font-style: italic; }
        .proposal { border-top: 1px solid #e5e7eb; padding: .6rem 0; } .proposal.refused, .proposal.rejected { opacity: .75; }
        footer.language { max-width: 72rem; margin: 1rem auto; padding: 0 1rem; font-size: .9rem; }
        code.copy { user-select: all; word-break: break-all; }
        .paging { display: flex; justify-content: space-between; }
        .card-preview { border: 1px solid var(--line); border-radius: 8px; padding: .8rem; margin: .6rem 0; background: #fff; }
        @media (max-width: 40rem) {
          table.list { display: block; overflow-x: auto; }
          .list th:nth-child(4), .list td:nth-child(4) { display: none; }
          .signout .who { display: none; }
          main { padding: .8rem; }
          .top { gap: .5rem; }
        }
        """
}
