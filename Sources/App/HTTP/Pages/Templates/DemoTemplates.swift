extension PageTemplates {
    static let demo = """
        {{<layout}}
        {{$title}}Demo{{/title}}
        {{$content}}
        <section class="card narrow">
          <h1>Show me a demo</h1>
          <p>Kopi connects this workspace to a simulated Lark inside Kopi, adds three expense flows, and sends about thirty claims with invoices through the real pipeline: webhook, invoice reading, the five checks and approver cards. The older claims get decided, so the rule library and the report fill up too.</p>
          <p class="muted">Invoices are read by a deterministic demo reader instead of Claude. Nothing leaves this server.</p>
          {{#canStart}}
          <form method="post" action="/demo"><input type="hidden" name="_csrf" value="{{csrf}}"><button type="submit">Create the demo</button></form>
          {{/canStart}}
          {{^canStart}}<p class="notice">{{reason}}</p>{{/canStart}}
        </section>
        {{/content}}
        {{/layout}}
        """

    static let inbox = """
        {{<layout}}
        {{$title}}Simulated Lark inbox{{/title}}
        {{$content}}
        <h1>Simulated Lark inbox</h1>
        <p class="muted">The cards Kopi sent to the demo approver, as Lark would show them. Tapping a button goes through Kopi's real card callback.</p>
        {{#progress}}<p class="notice" role="status">{{phase}}: {{pushed}} of {{total}} claims sent.{{^finished}} <a href="/demo/inbox">Refresh</a>{{/finished}}{{#failed}} Something went wrong: {{.}}{{/failed}}</p>{{/progress}}
        {{#toast}}<p class="flash" role="status">{{.}}</p>{{/toast}}
        {{#cards}}
        <article class="card-preview {{template}}">
          <h2>{{title}}</h2>
          <p class="muted">{{subtitle}}</p>
          {{#lines}}<p>{{.}}</p>{{/lines}}
          {{#pending}}
          <form class="inline" method="post" action="/demo/inbox">
            <input type="hidden" name="_csrf" value="{{csrf}}"><input type="hidden" name="message" value="{{messageID}}">
            {{#asksReason}}<label>Reason <span class="muted">(needed to reject or ask for info)</span><textarea name="reason" rows="2" maxlength="500"></textarea></label>{{/asksReason}}
            {{#buttons}}<button type="submit" name="choice" value="{{choice}}" class="small{{#danger}} danger{{/danger}}">{{label}}</button> {{/buttons}}
          </form>
          {{/pending}}
          <p><a href="/approvals/{{submissionID}}">Open the audit page</a></p>
        </article>
        {{/cards}}
        {{^cards}}<p class="muted">No cards yet.</p>{{/cards}}
        {{/content}}
        {{/layout}}
        """
}
