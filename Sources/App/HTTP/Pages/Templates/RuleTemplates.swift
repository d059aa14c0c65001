import Application

extension PageTemplates {
    static let rules = """
        {{<layout}}
        {{$title}}Rules{{/title}}
        {{$content}}
        <h1>Rule library</h1>
        <p class="muted">What your approvers taught Kopi: each rule is a vendor, category and amount band. Claims inside a band with approvals are recognised at once.</p>
        <table class="list">
          <thead><tr><th>Vendor</th><th>Category</th><th>Band</th><th class="num">Approved</th><th class="num">Rejected</th><th>Last decided</th>{{#canEdit}}<th></th>{{/canEdit}}</tr></thead>
          <tbody>
          {{#items}}
          <tr>
            <td>{{vendor}}</td><td>{{category}}</td>
            <td>{{#canEdit}}
              <form class="inline" method="post" action="/rules/{{id}}">
                <input type="hidden" name="_csrf" value="{{csrf}}">
                <input name="lower" value="{{lower}}" size="8" aria-label="Lower bound"> – <input name="upper" value="{{upper}}" size="8" aria-label="Upper bound"> {{currency}}
                <button type="submit" class="small">Save</button>
              </form>{{/canEdit}}{{^canEdit}}{{lower}} – {{upper}} {{currency}}{{/canEdit}}
            </td>
            <td class="num">{{approvals}}</td><td class="num">{{rejections}}</td><td>{{lastDecided}}</td>
            {{#canEdit}}<td><form class="inline" method="post" action="/rules/{{id}}/delete"><input type="hidden" name="_csrf" value="{{csrf}}"><button type="submit" class="small danger">Delete</button></form></td>{{/canEdit}}
          </tr>
          {{/items}}
          {{^items}}<tr><td colspan="7" class="muted">No rules yet: they are learned from approvers' taps on cards.</td></tr>{{/items}}
          </tbody>
        </table>
        <p class="paging">{{#previous}}<a href="{{.}}">← Previous</a>{{/previous}} {{#next}}<a href="{{.}}">Next →</a>{{/next}}</p>
        {{/content}}
        {{/layout}}
        """

    static let report = """
        {{<layout}}
        {{$title}}Report{{/title}}
        {{$content}}
        <h1>Compliance report</h1>
        <form class="filters" method="get" action="/report">
          <label>From <input type="date" name="from" value="{{from}}"></label>
          <label>To <input type="date" name="to" value="{{to}}"></label>
          <button type="submit">Show</button>
        </form>
        <div class="figures">
          <div class="figure"><span>{{submissions}}</span>submissions</div>
          <div class="figure"><span>{{violationRate}}</span>flagged yellow or red</div>
          <div class="figure"><span>{{memoryMatchRate}}</span>recognised by memory</div>
          <div class="figure"><span>{{medianToCard}}</span>median time to card</div>
          <div class="figure"><span>{{medianToDecision}}</span>median time to decision</div>
          <div class="figure"><span>{{autoApproved}}</span>auto-approved</div>
          {{#amounts}}<div class="figure"><span>{{text}}</span>{{note}}</div>{{/amounts}}
        </div>
        <section class="card">
          <h2>Verdicts by day</h2>
          {{{dailyChart}}}
        </section>
        <div class="grid">
          <section class="card">
            <h2>Violations by rule</h2>
            {{{violationChart}}}
            {{^hasViolations}}<p class="muted">No violations in this period.</p>{{/hasViolations}}
          </section>
          <section class="card">
            <h2>Decisions</h2>
            {{{decisionChart}}}
          </section>
        </div>
        {{/content}}
        {{/layout}}
        """
}
