import Application

extension PageTemplates {
    /// The frame of every page: head, navigation when signed in, flash message, content.
    static let layout = """
        <!doctype html>
        <html lang="{{lang}}">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{$title}}Kopi{{/title}} · Kopi</title>
        <link rel="stylesheet" href="/assets/kopi.css">
        </head>
        <body>
        <header class="top">
          <a class="brand" href="/">Kopi</a>
          {{#nav}}
          <nav>
            <a href="/approvals"{{#approvals}} aria-current="page"{{/approvals}}>{{t.nav_approvals}}</a>
            <a href="/rules"{{#rules}} aria-current="page"{{/rules}}>{{t.nav_rules}}</a>
            <a href="/report"{{#report}} aria-current="page"{{/report}}>{{t.nav_report}}</a>
            <a href="/settings"{{#settings}} aria-current="page"{{/settings}}>{{t.nav_settings}}</a>
          </nav>
          <form class="signout" method="post" action="/sign-out">
            <input type="hidden" name="_csrf" value="{{csrf}}">
            <span class="who">{{email}} · {{workspace}}</span>
            <button type="submit" class="link">{{t.sign_out}}</button>
          </form>
          {{/nav}}
        </header>
        <main>
        {{#flash}}<p class="flash" role="status">{{.}}</p>{{/flash}}
        {{#error}}<div class="error" role="alert"><p>{{message}}</p>{{#hasProblems}}<ul>{{#problems}}<li>{{.}}</li>{{/problems}}</ul>{{/hasProblems}}</div>{{/error}}
        {{$content}}{{/content}}
        </main>
        <footer class="language">
          <form method="post" action="/language">
            {{#nav}}<input type="hidden" name="_csrf" value="{{csrf}}">{{/nav}}
            <input type="hidden" name="next" value="{{returnPath}}">
            <span class="muted">{{t.language_label}}:</span>
            <button type="submit" class="link" name="language" value="{{otherLanguage}}" lang="{{otherLanguage}}">{{t.language_switch}}</button>
          </form>
        </footer>
        </body>
        </html>
        """
}
