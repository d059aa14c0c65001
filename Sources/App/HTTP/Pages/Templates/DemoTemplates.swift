extension PageTemplates {
    static let demo = """
        {{<layout}}
        {{$title}}{{t.demo_title}}{{/title}}
        {{$content}}
        <section class="card narrow">
          <h1>{{t.demo_heading}}</h1>
          <p>{{t.demo_intro}}</p>
          <p class="muted">{{t.demo_offline}}</p>
          {{#canStart}}
          <form method="post" action="/demo"><input type="hidden" name="_csrf" value="{{csrf}}"><button type="submit">{{t.demo_create}}</button></form>
          {{/canStart}}
          {{^canStart}}<p class="notice">{{reason}}</p>{{/canStart}}
        </section>
        {{/content}}
        {{/layout}}
        """

    static let inbox = """
        {{<layout}}
        {{$title}}{{t.inbox_title}}{{/title}}
        {{$content}}
        <h1>{{t.inbox_heading}}</h1>
        <p class="muted">{{t.inbox_intro}}</p>
        {{#progress}}<p class="notice" role="status">{{phase}}: {{pushed}} / {{total}} {{t.inbox_progress}}{{^finished}} <a href="/demo/inbox">{{t.inbox_refresh}}</a>{{/finished}}{{#failed}} {{t.inbox_failed}} {{.}}{{/failed}}</p>{{/progress}}
        {{#toast}}<p class="flash" role="status">{{.}}</p>{{/toast}}
        {{#cards}}
        <article class="card-preview {{template}}">
          <h2>{{title}}</h2>
          <p class="muted">{{subtitle}}</p>
          {{#lines}}<p>{{.}}</p>{{/lines}}
          {{#pending}}
          <form class="inline" method="post" action="/demo/inbox">
            <input type="hidden" name="_csrf" value="{{csrf}}"><input type="hidden" name="message" value="{{messageID}}">
            {{#asksReason}}<label>{{t.inbox_reason}} <span class="muted">{{t.inbox_reason_hint}}</span><textarea name="reason" rows="2" maxlength="500"></textarea></label>{{/asksReason}}
            {{#buttons}}<button type="submit" name="choice" value="{{choice}}" class="small{{#danger}} danger{{/danger}}">{{label}}</button> {{/buttons}}
          </form>
          {{/pending}}
          <p><a href="/approvals/{{submissionID}}">{{t.inbox_audit}}</a></p>
        </article>
        {{/cards}}
        {{^cards}}<p class="muted">{{t.inbox_none}}</p>{{/cards}}
        {{/content}}
        {{/layout}}
        """
}
