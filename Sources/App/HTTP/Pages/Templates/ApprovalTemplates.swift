import Application

extension PageTemplates {
    static let approvals = """
        {{<layout}}
        {{$title}}{{t.approvals_title}}{{/title}}
        {{$content}}
        <h1>{{t.approvals_title}}</h1>
        {{#onboarding}}<p class="notice">{{t.approvals_onboarding}} <a href="/settings">{{t.approvals_connect}}</a>{{#demo}} · <a href="/demo">{{t.approvals_see_demo}}</a>{{/demo}}</p>{{/onboarding}}
        <form class="filters" method="get" action="/approvals">
          <label>{{t.filter_verdict}} <select name="verdict">{{#verdicts}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/verdicts}}</select></label>
          <label>{{t.filter_status}} <select name="status">{{#statuses}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/statuses}}</select></label>
          <label>{{t.filter_vendor}} <input name="vendor" value="{{vendor}}"></label>
          <button type="submit">{{t.filter_button}}</button>
          <a class="button secondary" href="{{csv}}" download>{{t.download_csv}}</a>
        </form>
        <table class="list">
          <thead><tr><th>{{t.column_verdict}}</th><th>{{t.column_submitted}}</th><th>{{t.column_vendor}}</th><th>{{t.column_category}}</th><th class="num">{{t.column_amount}}</th><th>{{t.column_status}}</th></tr></thead>
          <tbody>
          {{#items}}
          <tr>
            <td><span class="verdict {{verdictClass}}">{{verdictLabel}}</span></td>
            <td><a href="/approvals/{{id}}">{{submitted}}</a></td>
            <td>{{vendor}}</td><td>{{category}}</td><td class="num">{{amount}}</td><td>{{status}}</td>
          </tr>
          {{/items}}
          {{^items}}<tr><td colspan="6" class="muted">{{t.approvals_none}}</td></tr>{{/items}}
          </tbody>
        </table>
        <p class="paging">{{#previous}}<a href="{{.}}">{{t.paging_newer}}</a>{{/previous}} {{#next}}<a href="{{.}}">{{t.paging_older}}</a>{{/next}}</p>
        {{/content}}
        {{/layout}}
        """

    static let approval = """
        {{<layout}}
        {{$title}}{{instanceCode}}{{/title}}
        {{$content}}
        <p><a href="/approvals">{{t.approval_back}}</a></p>
        <h1><span class="verdict {{verdictClass}}">{{verdictLabel}}</span> {{vendor}} · {{amount}}</h1>
        <p class="muted">{{subtitle}}</p>
        <div class="grid">
          <section class="card">
            <h2>{{t.approval_claim}}</h2>
            <table><thead><tr><th>{{t.column_date}}</th><th>{{t.column_category}}</th><th>{{t.column_vendor}}</th><th>{{t.column_description}}</th><th class="num">{{t.column_amount}}</th></tr></thead><tbody>
            {{#lines}}<tr><td>{{date}}</td><td>{{category}}</td><td>{{vendor}}</td><td>{{description}}</td><td class="num">{{amount}}</td></tr>{{/lines}}
            </tbody></table>
            <h3>{{t.approval_attachments}}</h3>
            <ul>{{#attachments}}<li>{{name}} · {{type}} · {{size}} · {{outcome}}</li>{{/attachments}}{{^attachments}}<li class="muted">{{t.approval_none}}</li>{{/attachments}}</ul>
            <p class="muted">{{t.approval_files_discarded}}</p>
          </section>
          <section class="card">
            <h2>{{t.approval_invoices}}</h2>
            {{#extractions}}
            <dl>
              <dt>{{t.column_vendor}}</dt><dd>{{vendor}}</dd><dt>{{t.approval_invoice_number}}</dt><dd>{{number}}</dd><dt>{{t.column_date}}</dt><dd>{{date}}</dd>
              <dt>{{t.approval_total}}</dt><dd>{{total}}</dd><dt>{{t.approval_tax}}</dt><dd>{{tax}}</dd>
            </dl>
            {{/extractions}}
            {{^extractions}}<p class="muted">{{t.approval_no_invoice}}</p>{{/extractions}}
          </section>
        </div>
        <section class="card">
          <h2>{{t.approval_findings}}</h2>
          {{#findings}}
          <div class="finding {{severity}}">
            <p><span class="verdict {{severity}}">{{severity}}</span> <strong>{{dimension}}</strong> · <code>{{code}}</code></p>
            <p>{{message}}</p>
            {{#quote}}<blockquote class="policy-quote">{{.}}</blockquote>{{/quote}}
            {{#rule}}<p class="muted">{{.}}</p>{{/rule}}
            {{#hasEvidence}}<dl class="evidence">{{#evidence}}<dt>{{key}}</dt><dd>{{value}}</dd>{{/evidence}}</dl>{{/hasEvidence}}
          </div>
          {{/findings}}
          {{^findings}}<p class="muted">{{t.approval_not_checked}}</p>{{/findings}}
        </section>
        <div class="grid">
          <section class="card">
            <h2>{{t.approval_timeline}}</h2>
            <ol class="timeline">{{#timeline}}<li><time>{{at}}</time> {{what}} <span class="muted">({{actor}})</span></li>{{/timeline}}</ol>
          </section>
          <section class="card">
            <h2>{{t.approval_decision}}</h2>
            {{#decisions}}<p>{{text}}{{#reason}}<br><q class="reason">{{reason}}</q>{{/reason}}</p>{{/decisions}}
            {{^decisions}}<p class="muted">{{t.approval_no_decision}}</p>{{/decisions}}
            <h3>{{t.approval_cards}}</h3>
            <ul>{{#cards}}<li>{{text}}</li>{{/cards}}{{^cards}}<li class="muted">{{t.approval_no_cards}}</li>{{/cards}}</ul>
          </section>
        </div>
        {{/content}}
        {{/layout}}
        """
}
