import Application

extension PageTemplates {
    static let rules = """
        {{<layout}}
        {{$title}}{{t.rules_title}}{{/title}}
        {{$content}}
        <h1>{{t.rules_heading}}</h1>
        <p class="muted">{{t.rules_intro}}</p>
        <table class="list">
          <thead><tr><th>{{t.column_vendor}}</th><th>{{t.column_category}}</th><th>{{t.column_band}}</th><th class="num">{{t.column_approved}}</th><th class="num">{{t.column_rejected}}</th><th>{{t.column_last_decided}}</th>{{#canEdit}}<th></th>{{/canEdit}}</tr></thead>
          <tbody>
          {{#items}}
          <tr>
            <td>{{vendor}}</td><td>{{category}}</td>
            <td>{{#canEdit}}
              <form class="inline" method="post" action="/rules/{{id}}">
                <input type="hidden" name="_csrf" value="{{csrf}}">
                <input name="lower" value="{{lower}}" size="8" aria-label="{{t.lower_bound}}"> – <input name="upper" value="{{upper}}" size="8" aria-label="{{t.upper_bound}}"> {{currency}}
                <button type="submit" class="small">{{t.save}}</button>
              </form>{{/canEdit}}{{^canEdit}}{{lower}} – {{upper}} {{currency}}{{/canEdit}}
            </td>
            <td class="num">{{approvals}}</td><td class="num">{{rejections}}</td><td>{{lastDecided}}</td>
            {{#canEdit}}<td><form class="inline" method="post" action="/rules/{{id}}/delete"><input type="hidden" name="_csrf" value="{{csrf}}"><button type="submit" class="small danger">{{t.delete}}</button></form></td>{{/canEdit}}
          </tr>
          {{/items}}
          {{^items}}<tr><td colspan="7" class="muted">{{t.rules_none}}</td></tr>{{/items}}
          </tbody>
        </table>
        <p class="paging">{{#previous}}<a href="{{.}}">{{t.paging_previous}}</a>{{/previous}} {{#next}}<a href="{{.}}">{{t.paging_next}}</a>{{/next}}</p>
        {{/content}}
        {{/layout}}
        """

    static let report = """
        {{<layout}}
        {{$title}}{{t.report_title}}{{/title}}
        {{$content}}
        <h1>{{t.report_heading}}</h1>
        <form class="filters" method="get" action="/report">
          <label>{{t.report_from}} <input type="date" name="from" value="{{from}}"></label>
          <label>{{t.report_to}} <input type="date" name="to" value="{{to}}"></label>
          <button type="submit">{{t.report_show}}</button>
        </form>
        <div class="figures">
          <div class="figure"><span>{{submissions}}</span>{{t.report_submissions}}</div>
          <div class="figure"><span>{{violationRate}}</span>{{t.report_flagged}}</div>
          <div class="figure"><span>{{memoryMatchRate}}</span>{{t.report_memory}}</div>
          <div class="figure"><span>{{medianToCard}}</span>{{t.report_to_card}}</div>
          <div class="figure"><span>{{medianToDecision}}</span>{{t.report_to_decision}}</div>
          <div class="figure"><span>{{autoApproved}}</span>{{t.report_auto_approved}}</div>
          {{#amounts}}<div class="figure"><span>{{text}}</span>{{note}}</div>{{/amounts}}
        </div>
        <section class="card">
          <h2>{{t.report_by_day}}</h2>
          {{{dailyChart}}}
        </section>
        <div class="grid">
          <section class="card">
            <h2>{{t.report_by_rule}}</h2>
            {{{violationChart}}}
            {{^hasViolations}}<p class="muted">{{t.report_no_violations}}</p>{{/hasViolations}}
          </section>
          <section class="card">
            <h2>{{t.report_decisions}}</h2>
            {{{decisionChart}}}
          </section>
        </div>
        {{/content}}
        {{/layout}}
        """
}
