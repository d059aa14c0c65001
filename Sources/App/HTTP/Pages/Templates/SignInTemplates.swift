import Application

extension PageTemplates {
    static let signIn = """
        {{<layout}}
        {{$title}}{{t.sign_in_title}}{{/title}}
        {{$content}}
        <section class="card narrow">
          <h1>{{t.sign_in_heading}}</h1>
          {{#sent}}
          <p>{{sentText}}</p>
          {{/sent}}
          {{^sent}}
          <form method="post" action="/sign-in">
            <label for="email">{{t.sign_in_email}}</label>
            <input id="email" name="email" type="email" autocomplete="email" required value="{{email}}">
            <button type="submit">{{t.sign_in_send}}</button>
          </form>
          {{#google}}<p class="or">{{t.sign_in_or}}</p><a class="button secondary" href="/api/v1/auth/google/start">{{t.sign_in_google}}</a>{{/google}}
          <p class="muted">{{t.sign_in_new}}</p>
          {{/sent}}
        </section>
        {{/content}}
        {{/layout}}
        """

    static let confirm = """
        {{<layout}}
        {{$title}}{{t.confirm_title}}{{/title}}
        {{$content}}
        <section class="card narrow">
          <h1>{{t.confirm_title}}</h1>
          <p>{{t.confirm_text}}</p>
          <form method="post" action="/sign-in/confirm" id="confirm">
            <input type="hidden" name="token" id="token" value="">
            <button type="submit">{{t.confirm_button}}</button>
          </form>
          <p class="muted" id="no-token" hidden>{{t.confirm_no_token}} <a href="/sign-in">{{t.confirm_new_link}}</a></p>
        </section>
        <script src="/assets/confirm.js"></script>
        {{/content}}
        {{/layout}}
        """
}
