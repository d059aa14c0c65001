import Application

extension PageTemplates {
    static let signIn = """
        {{<layout}}
        {{$title}}Sign in{{/title}}
        {{$content}}
        <section class="card narrow">
          <h1>Sign in to Kopi</h1>
          {{#sent}}
          <p>If <strong>{{email}}</strong> can sign in, a link is on its way. It works once, for 15 minutes.</p>
          {{/sent}}
          {{^sent}}
          <form method="post" action="/sign-in">
            <label for="email">Work e-mail</label>
            <input id="email" name="email" type="email" autocomplete="email" required value="{{email}}">
            <button type="submit">E-mail me a sign-in link</button>
          </form>
          {{#google}}<p class="or">or</p><a class="button secondary" href="/api/v1/auth/google/start">Sign in with Google</a>{{/google}}
          <p class="muted">New here? Signing in creates your workspace. After that, "Show me a demo" fills it with sample approvals.</p>
          {{/sent}}
        </section>
        {{/content}}
        {{/layout}}
        """

    static let confirm = """
        {{<layout}}
        {{$title}}Confirm sign-in{{/title}}
        {{$content}}
        <section class="card narrow">
          <h1>Confirm sign-in</h1>
          <p>Press the button to finish signing in. (This extra step keeps mail scanners from using your link.)</p>
          <form method="post" action="/sign-in/confirm" id="confirm">
            <input type="hidden" name="token" id="token" value="">
            <button type="submit">Sign in to Kopi</button>
          </form>
          <p class="muted" id="no-token" hidden>This page needs the whole link from your e-mail. Ask for a <a href="/sign-in">new link</a>.</p>
        </section>
        <script src="/assets/confirm.js"></script>
        {{/content}}
        {{/layout}}
        """
}
