import Application

extension PageTemplates {
    static let settings = """
        {{<layout}}
        {{$title}}{{t.settings_title}}{{/title}}
        {{$content}}
        <h1>{{t.settings_heading}}</h1>
        <ol class="checklist">
          <li class="{{#connected}}done{{/connected}}">{{t.step_connect}}</li>
          <li class="{{#connected}}done{{/connected}}">{{t.step_paste}}</li>
          <li class="{{#hasFlows}}done{{/hasFlows}}">{{t.step_flows}}</li>
          <li class="{{#policySaved}}done{{/policySaved}}"{{t.step_policy}}/li>
        </ol>
        {{#isAdmin}}
        <section class="card" id="lark">
          {{t.lark_connection}}
          {{#connected}}<p class="ok">{{t.lark_connected_to}} <strong>{{appID}}</strong> ({{domainLabel}}). {{t.lark_configured}}</p>{{/connected}}
          <form method="post" action="/settings/lark">
            <input type="hidden" name="_csrf" value="{{csrf}}">
            <label>{{t.lark_domain_label}} <select name="domain"><option value="lark"{{#isLark}} selected{{/isLark}}>Lark (larksuite.com)</option><option value="feishu"{{^isLark}} selected{{/isLark}}>Feishu (feishu.cn)</option></select></label>
            <label>App ID <input name="appId" value="{{appID}}" required autocomplete="off"></label>
            <label>App Secret <input name="appSecret" type="password" autocomplete="new-password" placeholder="{{#connected}}{{t.lark_keep_placeholder}}{{/connected}}"></label>
            <label>Encrypt Key <input name="encryptKey" type="password" autocomplete="new-password" placeholder="{{#connected}}{{t.lark_keep_placeholder}}{{/connected}}"></label>
            <p class="hint">{{t.lark_encrypt_hint}}</p>
            <label>Verification Token <input name="verificationToken" type="password" autocomplete="new-password" placeholder="{{#connected}}{{t.lark_keep_placeholder}}{{/connected}}"></label>
            <button type="submit">{{#connected}}{{t.lark_replace}}{{/connected}}{{^connected}}{{t.lark_connect}}{{/connected}}</button>
          </form>
          {{#connected}}
          <form method="post" action="/settings/lark/delete" class="inline"><input type="hidden" name="_csrf" value="{{csrf}}"><button type="submit" class="danger small">{{t.lark_disconnect}}</button></form>
          {{/connected}}
          <h3>{{t.lark_console}}</h3>
          <p>{{t.lark_events_url}} <code class="copy">{{eventsURL}}</code><br>{{t.lark_card_url}} <code class="copy">{{cardURL}}</code></p>
          <ol>{{#steps}}<li>{{.}}</li>{{/steps}}</ol>
        </section>
        {{/isAdmin}}
        <section class="card" id="flows">
          <h2>{{t.flows_heading}}</h2>
          <table class="list"><thead><tr><th>{{t.flow_column}}</th><th>{{t.approval_code_label}}</th><th>{{t.mapping_column}}</th></tr></thead><tbody>
          {{#flows}}<tr><td><a href="/settings/flows/{{id}}">{{name}}</a></td><td><code>{{approvalCode}}</code></td><td>{{#usable}}{{t.flow_ready}}{{/usable}}{{^usable}}<strong>{{t.flow_needs_amount}}</strong>{{/usable}}</td></tr>{{/flows}}
          {{^flows}}<tr><td colspan="3" class="muted">{{t.flows_none}}</td></tr>{{/flows}}
          </tbody></table>
          {{#isAdmin}}
          <form method="post" action="/settings/flows">
            <input type="hidden" name="_csrf" value="{{csrf}}">
            <label>{{t.approval_code_input}} <input name="approvalCode" required placeholder="{{t.approval_code_example}} 7C468A54-8745-2245-9675-08B7C63E7A85"></label>
            <button type="submit"{{^connected}} disabled{{/connected}}>{{t.add_flow}}</button>
          </form>
          {{/isAdmin}}
        </section>
        <section class="card" id="policy">
          <h2>{{t.policy_heading}}</h2>
          <p><a href="/policy">{{t.mirror_link}}</a></p>
          <form method="post" action="/settings/policy">
            <input type="hidden" name="_csrf" value="{{csrf}}">
            <label>{{t.policy_caps}} <textarea name="caps" rows="3" placeholder="meals = 50.00 SGD">{{caps}}</textarea></label>
            <p class="hint">{{t.policy_caps_hint}}</p>
            <label>{{t.policy_daily_caps}} <textarea name="dailyCaps" rows="2" placeholder="meals = 80.00 SGD">{{dailyCaps}}</textarea></label>
            <label>{{t.policy_invoice_above}} <input name="invoiceAbove" value="{{invoiceAbove}}" placeholder="25.00 SGD"></label>
            <p class="hint">{{t.policy_invoice_above_hint}}</p>
            <label>{{t.policy_prohibited}} <textarea name="prohibited" rows="2">{{prohibited}}</textarea></label>
            <label>{{t.policy_approved}} <textarea name="approved" rows="2">{{approvedVendors}}</textarea></label>
            <label>{{t.policy_window}} <input name="window" type="number" min="1" value="{{window}}"></label>
            <label>{{t.policy_tolerance}} <input name="tolerance" value="{{tolerance}}"></label>
            <label>{{t.policy_yellow}} <input name="yellow" value="{{yellow}}"></label>
            <label>{{t.policy_red}} <input name="red" value="{{red}}"></label>
            <label>{{t.policy_time_zone}} <input name="timeZone" value="{{timeZone}}"></label>
            <label class="check"><input type="checkbox" name="requireInvoice" value="1"{{#requireInvoice}} checked{{/requireInvoice}}>{{t.policy_require_invoice}}</label>
            <label class="check"><input type="checkbox" name="weekend" value="1"{{#weekend}} checked{{/weekend}}>{{t.policy_weekend}}</label>
            <label class="check"><input type="checkbox" name="monthEnd" value="1"{{#monthEnd}} checked{{/monthEnd}}>{{t.policy_month_end}}</label>
            <label>{{t.policy_auto_approve}} <input name="autoApprove" type="number" min="1" value="{{autoApprove}}"></label>
            <label>{{t.policy_retention}} <input name="retention" type="number" min="30" max="36500" value="{{retention}}"></label>
            <p class="hint">{{t.policy_retention_hint}}</p>
            <label>{{t.policy_reminder}} <input name="reminder" type="number" min="0" max="30" value="{{reminder}}"></label>
            <p class="hint">{{t.policy_reminder_hint}}</p>
            <label>{{t.policy_base_currency}} <input name="baseCurrency" maxlength="3" pattern="[A-Za-z]{3}" value="{{baseCurrency}}" placeholder="SGD"></label>
            <p class="hint">{{t.policy_base_currency_hint}}</p>
            <label>{{t.settings_language}} <select name="language">{{#languages}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/languages}}</select></label>
            <p class="hint">{{t.settings_language_hint}}</p>
            {{#isAdmin}}<button type="submit">{{t.policy_save}}</button>{{/isAdmin}}
          </form>
        </section>
        <section class="card" id="members">
          <h2>{{t.members_heading}}</h2>
          <table class="list"><thead><tr><th>{{t.column_email}}</th><th>{{t.column_role}}</th>{{#isAdmin}}<th></th>{{/isAdmin}}</tr></thead><tbody>
          {{#members}}
          <tr><td>{{email}}</td>
            <td>{{#isAdmin}}<form class="inline" method="post" action="/settings/members/{{userID}}"><input type="hidden" name="_csrf" value="{{csrf}}">
              <select name="role">{{#roles}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{value}}</option>{{/roles}}</select>
              <button type="submit" class="small">{{t.member_change}}</button></form>{{/isAdmin}}{{^isAdmin}}{{role}}{{/isAdmin}}</td>
            {{#isAdmin}}<td><form class="inline" method="post" action="/settings/members/{{userID}}/delete"><input type="hidden" name="_csrf" value="{{csrf}}"><button type="submit" class="small danger">{{t.remove}}</button></form></td>{{/isAdmin}}
          </tr>
          {{/members}}
          </tbody></table>
          {{#isAdmin}}
          <form method="post" action="/settings/members">
            <input type="hidden" name="_csrf" value="{{csrf}}">
            <label>{{t.invite_by_email}} <input name="email" type="email" required></label>
            <label>{{t.invite_role}} <select name="role"><option>viewer</option><option>approver</option><option>admin</option></select></label>
            <button type="submit">{{t.invite}}</button>
          </form>
          {{/isAdmin}}
        </section>
        <section class="card" id="rates">
          {{t.rates_heading}}
          <p class="hint">{{t.rates_hint}}</p>
          {{^hasRates}}<p>{{t.rates_none}}</p>{{/hasRates}}
          {{#hasRates}}
          <table class="list"><thead><tr><th>{{t.rate_from}}</th><th>{{t.rate_to}}</th><th>{{t.rate_rate}}</th><th>{{t.rate_from_day}}</th><th></th></tr></thead><tbody>
          {{#rates}}
          <tr><td>1 {{from}}</td><td>{{to}}</td><td>{{rate}}</td><td>{{day}}</td>
            <td>{{#isAdmin}}<form class="inline" method="post" action="/settings/rates/delete"><input type="hidden" name="_csrf" value="{{csrf}}"><input type="hidden" name="from" value="{{from}}"><input type="hidden" name="to" value="{{to}}"><input type="hidden" name="day" value="{{day}}"><button type="submit" class="small danger">{{t.remove}}</button></form>{{/isAdmin}}</td>
          </tr>
          {{/rates}}
          </tbody></table>
          {{/hasRates}}
          {{#isAdmin}}
          <form method="post" action="/settings/rates">
            <input type="hidden" name="_csrf" value="{{csrf}}">
            <label>1 <input name="from" maxlength="3" pattern="[A-Za-z]{3}" placeholder="JPY" required></label>
            <label>{{t.rate_is_worth}} <input name="rate" inputmode="decimal" placeholder="0.0087" required></label>
            <label><input name="to" maxlength="3" pattern="[A-Za-z]{3}" placeholder="SGD" required></label>
            <label>{{t.rate_starting}} <input name="day" type="date" required></label>
            <button type="submit">{{t.rate_set}}</button>
          </form>
          {{/isAdmin}}
        </section>
        {{#isAdmin}}
        <section class="card" id="dead-letters">
          {{t.dead_letters}}
          <p class="hint">{{t.dead_letters_hint}}</p>
          {{^deadLetters}}<p>{{t.dead_letters_none}}</p>{{/deadLetters}}
          {{#hasDeadLetters}}
          <table class="list"><thead><tr><th>{{t.job_column}}</th><th>{{t.about_column}}</th><th>{{t.attempts_column}}</th><th>{{t.error_column}}</th><th>{{t.last_attempt_column}}</th><th></th></tr></thead><tbody>
          {{#deadLetters}}
          <tr><td>{{kind}}</td><td><code>{{subject}}</code></td><td>{{attempts}}</td><td><code>{{error}}</code></td><td>{{lastAttempt}}</td>
            <td><form class="inline" method="post" action="/settings/jobs/{{id}}/retry"><input type="hidden" name="_csrf" value="{{csrf}}"><button type="submit" class="small">{{t.retry}}</button></form>
              <form class="inline" method="post" action="/settings/jobs/{{id}}/discard"><input type="hidden" name="_csrf" value="{{csrf}}"><button type="submit" class="small danger">{{t.discard}}</button></form></td>
          </tr>
          {{/deadLetters}}
          </tbody></table>
          {{/hasDeadLetters}}
        </section>
        <section class="card" id="privacy">
          {{t.privacy_heading}}
          <p class="hint">{{t.privacy_hint}}</p>
          <form method="post" action="/settings/privacy/export">
            <input type="hidden" name="_csrf" value="{{csrf}}">
            <label>{{t.privacy_person}} <input name="person" required maxlength="254" placeholder="{{t.privacy_placeholder}}" autocomplete="off"></label>
            <button type="submit">{{t.privacy_download}}</button>
          </form>
          <form method="post" action="/settings/privacy/erase">
            <input type="hidden" name="_csrf" value="{{csrf}}">
            <label>{{t.privacy_person}} <input name="person" required maxlength="254" placeholder="{{t.privacy_placeholder}}" autocomplete="off"></label>
            <label class="check"><input type="checkbox" name="confirm" value="1" required> {{t.privacy_confirm}}</label>
            <button type="submit" class="danger">{{t.privacy_erase}}</button>
          </form>
          <h3>{{t.workspace_heading}}</h3>
          <p><a class="button" href="/settings/workspace/export" download>{{t.workspace_download}}</a> <span class="hint">{{t.workspace_download_hint}}</span></p>
          <form method="post" action="/settings/workspace/delete">
            <input type="hidden" name="_csrf" value="{{csrf}}">
            <label>{{t.workspace_type}} <strong>{{workspaceName}}</strong> <input name="confirm" required autocomplete="off"></label>
            <p class="hint">{{t.workspace_delete_hint}}</p>
            <button type="submit" class="danger">{{t.workspace_delete}}</button>
          </form>
        </section>
        {{/isAdmin}}
        {{/content}}
        {{/layout}}
        """

    static let flow = """
        {{<layout}}
        {{$title}}{{name}}{{/title}}
        {{$content}}
        <p><a href="/settings#flows">{{t.flow_back}}</a></p>
        <h1>{{name}}</h1>
        <p class="muted">{{t.flow_approval_code}} <code>{{approvalCode}}</code>. {{t.flow_intro}}</p>
        {{^widgetsKnown}}<p class="notice">{{t.flow_unreachable}}</p>{{/widgetsKnown}}
        <form method="post" action="/settings/flows/{{id}}" class="mapping">
          <input type="hidden" name="_csrf" value="{{csrf}}">
          {{#fields}}
          <label>{{label}} <select name="{{name}}"><option value="">{{t.flow_none}}</option>{{#options}}<option value="{{id}}"{{#selected}} selected{{/selected}}>{{title}}</option>{{/options}}</select></label>
          {{/fields}}
          <label>{{t.flow_default_currency}} <input name="defaultCurrency" value="{{defaultCurrency}}" size="4" placeholder="SGD"></label>
          {{#canEdit}}<button type="submit"{{^widgetsKnown}} disabled{{/widgetsKnown}}>{{t.flow_save}}</button>{{/canEdit}}
        </form>
        {{#canEdit}}<form method="post" action="/settings/flows/{{id}}/delete" class="inline"><input type="hidden" name="_csrf" value="{{csrf}}"><button type="submit" class="danger small">{{t.flow_stop}}</button></form>{{/canEdit}}
        {{/content}}
        {{/layout}}
        """
}
