import Application

extension PageTemplates {
    static let approvals = """
        {{<layout}}
        {{$title}}Approvals{{/title}}
        {{$content}}
        <h1>Approvals</h1>
        {{#onboarding}}<p class="notice">Kopi is not watching any flow yet. <a href="/settings">Connect Lark and add a flow</a>{{#demo}}, or <a href="/demo">see a demo</a>{{/demo}}.</p>{{/onboarding}}
        <form class="filters" method="get" action="/approvals">
          <label>Verdict <select name="verdict">{{#verdicts}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/verdicts}}</select></label>
          <label>Status <select name="status">{{#statuses}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/statuses}}</select></label>
          <label>Vendor <input name="vendor" value="{{vendor}}"></label>
          <button type="submit">Filter</button>
          <a class="button secondary" href="{{csv}}" download>Download CSV</a>
        </form>
        <table class="list">
          <thead><tr><th>Verdict</th><th>Submitted</th><th>Vendor</th><th>Category</th><th class="num">Amount</th><th>Status</th></tr></thead>
          <tbody>
          {{#items}}
          <tr>
            <td><span class="verdict {{verdictClass}}">{{verdictLabel}}</span></td>
            <td><a href="/approvals/{{id}}">{{submitted}}</a></td>
            <td>{{vendor}}</td><td>{{category}}</td><td class="num">{{amount}}</td><td>{{status}}</td>
          </tr>
          {{/items}}
          {{^items}}<tr><td colspan="6" class="muted">No approvals match.</td></tr>{{/items}}
          </tbody>
        </table>
        <p class="paging">{{#previous}}<a href="{{.}}">← Newer</a>{{/previous}} {{#next}}<a href="{{.}}">Older →</a>{{/next}}</p>
        {{/content}}
        {{/layout}}
        """

    static let approval = """
        {{<layout}}
        {{$title}}Approval {{instanceCode}}{{/title}}
        {{$content}}
        <p><a href="/approvals">← Approvals</a></p>
        <h1><span class="verdict {{verdictClass}}">{{verdictLabel}}</span> {{vendor}} · {{amount}}</h1>
        <p class="muted">Lark instance {{instanceCode}} · {{flowName}} · submitted {{submitted}} · status {{status}}</p>
        <div class="grid">
          <section class="card">
            <h2>Claim</h2>
            <table><thead><tr><th>Date</th><th>Category</th><th>Vendor</th><th>Description</th><th class="num">Amount</th></tr></thead><tbody>
            {{#lines}}<tr><td>{{date}}</td><td>{{category}}</td><td>{{vendor}}</td><td>{{description}}</td><td class="num">{{amount}}</td></tr>{{/lines}}
            </tbody></table>
            <h3>Attachments</h3>
            <ul>{{#attachments}}<li>{{name}} · {{type}} · {{size}} · {{outcome}}</li>{{/attachments}}{{^attachments}}<li class="muted">None</li>{{/attachments}}</ul>
            <p class="muted">Files were read in memory and discarded; only the facts below are kept.</p>
          </section>
          <section class="card">
            <h2>What the invoices say</h2>
            {{#extractions}}
            <dl>
              <dt>Vendor</dt><dd>{{vendor}}</dd><dt>Invoice</dt><dd>{{number}}</dd><dt>Date</dt><dd>{{date}}</dd>
              <dt>Total</dt><dd>{{total}}</dd><dt>Tax</dt><dd>{{tax}}</dd>
            </dl>
            {{/extractions}}
            {{^extractions}}<p class="muted">No invoice was read.</p>{{/extractions}}
          </section>
        </div>
        <section class="card">
          <h2>Findings</h2>
          {{#findings}}
          <div class="finding {{severity}}">
            <p><span class="verdict {{severity}}">{{severity}}</span> <strong>{{dimension}}</strong> · <code>{{code}}</code></p>
            <p>{{message}}</p>
            {{#rule}}<p class="muted">Rule: {{.}}</p>{{/rule}}
            {{#hasEvidence}}<dl class="evidence">{{#evidence}}<dt>{{key}}</dt><dd>{{value}}</dd>{{/evidence}}</dl>{{/hasEvidence}}
          </div>
          {{/findings}}
          {{^findings}}<p class="muted">Not checked yet.</p>{{/findings}}
        </section>
        <div class="grid">
          <section class="card">
            <h2>Timeline</h2>
            <ol class="timeline">{{#timeline}}<li><time>{{at}}</time> {{what}} <span class="muted">({{actor}})</span></li>{{/timeline}}</ol>
          </section>
          <section class="card">
            <h2>Decision</h2>
            {{#decisions}}<p><strong>{{outcome}}</strong> by {{approver}} on {{at}}{{#reason}}<br><q class="reason">{{reason}}</q>{{/reason}}</p>{{/decisions}}
            {{^decisions}}<p class="muted">No decision yet.</p>{{/decisions}}
            <h3>Cards</h3>
            <ul>{{#cards}}<li>{{approver}} · sent {{at}}</li>{{/cards}}{{^cards}}<li class="muted">None sent</li>{{/cards}}</ul>
          </section>
        </div>
        {{/content}}
        {{/layout}}
        """
}
