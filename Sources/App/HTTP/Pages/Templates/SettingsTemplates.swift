import Application

extension PageTemplates {
    static let settings = """
        {{<layout}}
        {{$title}}Settings{{/title}}
        {{$content}}
        <h1>Settings</h1>
        <ol class="checklist">
          <li class="{{#connected}}done{{/connected}}">Connect your Lark app</li>
          <li class="{{#connected}}done{{/connected}}">Paste the two webhook URLs into Lark's console</li>
          <li class="{{#hasFlows}}done{{/hasFlows}}">Add the expense flows Kopi should check</li>
          <li class="{{#policySaved}}done{{/policySaved}}">Set your policy</li>
        </ol>
        {{#isAdmin}}
        <section class="card" id="lark">
          <h2>Lark connection</h2>
          {{#connected}}<p class="ok">Connected to app <strong>{{appID}}</strong> ({{domainLabel}}). App Secret, Encrypt Key and Verification Token: configured.</p>{{/connected}}
          <form method="post" action="/settings/lark">
            <input type="hidden" name="_csrf" value="{{csrf}}">
            <label>Domain <select name="domain"><option value="lark"{{#isLark}} selected{{/isLark}}>Lark (larksuite.com)</option><option value="feishu"{{^isLark}} selected{{/isLark}}>Feishu (feishu.cn)</option></select></label>
            <label>App ID <input name="appId" value="{{appID}}" required autocomplete="off"></label>
            <label>App Secret <input name="appSecret" type="password" autocomplete="new-password" placeholder="{{#connected}}configured — leave empty to keep{{/connected}}"></label>
            <label>Encrypt Key <input name="encryptKey" type="password" autocomplete="new-password" placeholder="{{#connected}}configured — leave empty to keep{{/connected}}"></label>
            <p class="hint">Required: without an Encrypt Key, Lark's signature authenticates nothing, so anyone could forge approval events.</p>
            <label>Verification Token <input name="verificationToken" type="password" autocomplete="new-password" placeholder="{{#connected}}configured — leave empty to keep{{/connected}}"></label>
            <button type="submit">{{#connected}}Replace credentials{{/connected}}{{^connected}}Connect Lark{{/connected}}</button>
          </form>
          {{#connected}}
          <form method="post" action="/settings/lark/delete" class="inline"><input type="hidden" name="_csrf" value="{{csrf}}"><button type="submit" class="danger small">Disconnect</button></form>
          {{/connected}}
          <h3>In Lark's developer console</h3>
          <p>Events URL: <code class="copy">{{eventsURL}}</code><br>Card callback URL: <code class="copy">{{cardURL}}</code></p>
          <ol>{{#steps}}<li>{{.}}</li>{{/steps}}</ol>
        </section>
        {{/isAdmin}}
        <section class="card" id="flows">
          <h2>Flows</h2>
          <table class="list"><thead><tr><th>Flow</th><th>Approval code</th><th>Mapping</th></tr></thead><tbody>
          {{#flows}}<tr><td><a href="/settings/flows/{{id}}">{{name}}</a></td><td><code>{{approvalCode}}</code></td><td>{{#usable}}ready{{/usable}}{{^usable}}<strong>needs the amount field</strong>{{/usable}}</td></tr>{{/flows}}
          {{^flows}}<tr><td colspan="3" class="muted">No flows yet.</td></tr>{{/flows}}
          </tbody></table>
          {{#isAdmin}}
          <form method="post" action="/settings/flows">
            <input type="hidden" name="_csrf" value="{{csrf}}">
            <label>Approval code <input name="approvalCode" required placeholder="e.g. 7C468A54-8745-2245-9675-08B7C63E7A85"></label>
            <button type="submit"{{^connected}} disabled{{/connected}}>Add flow</button>
          </form>
          {{/isAdmin}}
        </section>
        <section class="card" id="policy">
          <h2>Policy</h2>
          <form method="post" action="/settings/policy">
            <input type="hidden" name="_csrf" value="{{csrf}}">
            <label>Category caps <textarea name="caps" rows="3" placeholder="meals = 50.00 SGD">{{caps}}</textarea></label>
            <p class="hint">One per line: category = amount currency.</p>
            <label>Prohibited vendors <textarea name="prohibited" rows="2">{{prohibited}}</textarea></label>
            <label>Approved vendors <textarea name="approved" rows="2">{{approvedVendors}}</textarea></label>
            <label>Submission window (days) <input name="window" type="number" min="1" value="{{window}}"></label>
            <label>Invoice total tolerance (%) <input name="tolerance" value="{{tolerance}}"></label>
            <label>Anomaly: yellow above × median <input name="yellow" value="{{yellow}}"></label>
            <label>Anomaly: red above × median <input name="red" value="{{red}}"></label>
            <label>Time zone <input name="timeZone" value="{{timeZone}}"></label>
            <label class="check"><input type="checkbox" name="requireInvoice" value="1"{{#requireInvoice}} checked{{/requireInvoice}}> Require an invoice</label>
            <label class="check"><input type="checkbox" name="weekend" value="1"{{#weekend}} checked{{/weekend}}> Flag weekend expenses</label>
            <label class="check"><input type="checkbox" name="monthEnd" value="1"{{#monthEnd}} checked{{/monthEnd}}> Flag month-end bulk claims</label>
            <label>Auto-approve after this many matching approvals (empty: never) <input name="autoApprove" type="number" min="1" value="{{autoApprove}}"></label>
            <label>Keep decided claims and audit entries for (days; empty: forever) <input name="retention" type="number" min="30" max="36500" value="{{retention}}"></label>
            <p class="hint">Older history is deleted each hour, with everything about it. Pending claims always stay.</p>
            <label>Remind an approver whose card has waited this many working days (0: never) <input name="reminder" type="number" min="0" max="30" value="{{reminder}}"></label>
            <p class="hint">One reminder per card, on a working day between 09:00 and 18:00 in the policy's time zone.</p>
            <label>Base currency <input name="baseCurrency" maxlength="3" pattern="[A-Za-z]{3}" value="{{baseCurrency}}" placeholder="SGD"></label>
            <p class="hint">Norms and the report are in this currency; a claim in another is converted at its expense day's rate (the ECB's daily reference rates, or a manual rate below). Empty: each claim is judged in its own currency.</p>
            {{#isAdmin}}<button type="submit">Save policy</button>{{/isAdmin}}
          </form>
        </section>
        <section class="card" id="members">
          <h2>Members</h2>
          <table class="list"><thead><tr><th>E-mail</th><th>Role</th>{{#isAdmin}}<th></th>{{/isAdmin}}</tr></thead><tbody>
          {{#members}}
          <tr><td>{{email}}</td>
            <td>{{#isAdmin}}<form class="inline" method="post" action="/settings/members/{{userID}}"><input type="hidden" name="_csrf" value="{{csrf}}">
              <select name="role">{{#roles}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{value}}</option>{{/roles}}</select>
              <button type="submit" class="small">Change</button></form>{{/isAdmin}}{{^isAdmin}}{{role}}{{/isAdmin}}</td>
            {{#isAdmin}}<td><form class="inline" method="post" action="/settings/members/{{userID}}/delete"><input type="hidden" name="_csrf" value="{{csrf}}"><button type="submit" class="small danger">Remove</button></form></td>{{/isAdmin}}
          </tr>
          {{/members}}
          </tbody></table>
          {{#isAdmin}}
          <form method="post" action="/settings/members">
            <input type="hidden" name="_csrf" value="{{csrf}}">
            <label>Invite by e-mail <input name="email" type="email" required></label>
            <label>Role <select name="role"><option>viewer</option><option>approver</option><option>admin</option></select></label>
            <button type="submit">Invite</button>
          </form>
          {{/isAdmin}}
        </section>
        <section class="card" id="rates">
          <h2>Exchange rates</h2>
          <p class="hint">Kopi converts a claim in another currency at its expense day's rate: the ECB's daily reference rate, or a rate set here, which wins from its day on.</p>
          {{^hasRates}}<p>No manual rates.</p>{{/hasRates}}
          {{#hasRates}}
          <table class="list"><thead><tr><th>From</th><th>To</th><th>Rate</th><th>From day</th><th></th></tr></thead><tbody>
          {{#rates}}
          <tr><td>1 {{from}}</td><td>{{to}}</td><td>{{rate}}</td><td>{{day}}</td>
            <td>{{#isAdmin}}<form class="inline" method="post" action="/settings/rates/delete"><input type="hidden" name="_csrf" value="{{csrf}}"><input type="hidden" name="from" value="{{from}}"><input type="hidden" name="to" value="{{to}}"><input type="hidden" name="day" value="{{day}}"><button type="submit" class="small danger">Remove</button></form>{{/isAdmin}}</td>
          </tr>
          {{/rates}}
          </tbody></table>
          {{/hasRates}}
          {{#isAdmin}}
          <form method="post" action="/settings/rates">
            <input type="hidden" name="_csrf" value="{{csrf}}">
            <label>1 <input name="from" maxlength="3" pattern="[A-Za-z]{3}" placeholder="JPY" required></label>
            <label>is worth <input name="rate" inputmode="decimal" placeholder="0.0087" required></label>
            <label><input name="to" maxlength="3" pattern="[A-Za-z]{3}" placeholder="SGD" required></label>
            <label>from <input name="day" type="date" required></label>
            <button type="submit">Set rate</button>
          </form>
          {{/isAdmin}}
        </section>
        {{#isAdmin}}
        <section class="card" id="dead-letters">
          <h2>Dead letters</h2>
          <p class="hint">Work Kopi gave up on after its retries. Retry once the cause is fixed (for example a permission granted in Lark), or discard it.</p>
          {{^deadLetters}}<p>None.</p>{{/deadLetters}}
          {{#hasDeadLetters}}
          <table class="list"><thead><tr><th>Job</th><th>About</th><th>Attempts</th><th>Error</th><th>Last attempt</th><th></th></tr></thead><tbody>
          {{#deadLetters}}
          <tr><td>{{kind}}</td><td><code>{{subject}}</code></td><td>{{attempts}}</td><td><code>{{error}}</code></td><td>{{lastAttempt}}</td>
            <td><form class="inline" method="post" action="/settings/jobs/{{id}}/retry"><input type="hidden" name="_csrf" value="{{csrf}}"><button type="submit" class="small">Retry</button></form>
              <form class="inline" method="post" action="/settings/jobs/{{id}}/discard"><input type="hidden" name="_csrf" value="{{csrf}}"><button type="submit" class="small danger">Discard</button></form></td>
          </tr>
          {{/deadLetters}}
          </tbody></table>
          {{/hasDeadLetters}}
        </section>
        <section class="card" id="privacy">
          <h2>Personal data</h2>
          <p class="hint">For a person's request under PDPA or GDPR. Name them by Lark open id (<code>ou_…</code>, an applicant or approver) or by the e-mail they sign in with. Both actions are recorded in the audit trail.</p>
          <form method="post" action="/settings/privacy/export">
            <input type="hidden" name="_csrf" value="{{csrf}}">
            <label>Person <input name="person" required maxlength="254" placeholder="ou_… or name@company.com" autocomplete="off"></label>
            <button type="submit">Download their data (JSON)</button>
          </form>
          <form method="post" action="/settings/privacy/erase">
            <input type="hidden" name="_csrf" value="{{csrf}}">
            <label>Person <input name="person" required maxlength="254" placeholder="ou_… or name@company.com" autocomplete="off"></label>
            <label class="check"><input type="checkbox" name="confirm" value="1" required> I understand this cannot be undone: their id becomes a pseudonym in every claim, decision, card and audit entry, their free text is deleted, and a dashboard user leaves the workspace. Figures stay.</label>
            <button type="submit" class="danger">Erase this person</button>
          </form>
          <h3>The whole workspace</h3>
          <p><a class="button" href="/settings/workspace/export" download>Download everything (JSON)</a> <span class="hint">Members, flows, policy, learned rules, the audit trail and every claim; never your Lark secrets.</span></p>
          <form method="post" action="/settings/workspace/delete">
            <input type="hidden" name="_csrf" value="{{csrf}}">
            <label>Type <strong>{{workspaceName}}</strong> to delete this workspace and everything in it <input name="confirm" required autocomplete="off"></label>
            <p class="hint">Every claim, decision, card, rule, member and setting goes at once, and the accounts of members who belong to no other workspace. Download the export first if you need it.</p>
            <button type="submit" class="danger">Delete the workspace</button>
          </form>
        </section>
        {{/isAdmin}}
        {{/content}}
        {{/layout}}
        """

    static let flow = """
        {{<layout}}
        {{$title}}Flow {{name}}{{/title}}
        {{$content}}
        <p><a href="/settings#flows">← Settings</a></p>
        <h1>{{name}}</h1>
        <p class="muted">Approval code <code>{{approvalCode}}</code>. Kopi proposed which form fields hold each part of a claim; correct anything it got wrong.</p>
        {{^widgetsKnown}}<p class="notice">Lark could not be reached to read this form; the mapping is shown but cannot be changed right now.</p>{{/widgetsKnown}}
        <form method="post" action="/settings/flows/{{id}}" class="mapping">
          <input type="hidden" name="_csrf" value="{{csrf}}">
          {{#fields}}
          <label>{{label}} <select name="{{name}}"><option value="">— none —</option>{{#options}}<option value="{{id}}"{{#selected}} selected{{/selected}}>{{title}}</option>{{/options}}</select></label>
          {{/fields}}
          <label>Default currency <input name="defaultCurrency" value="{{defaultCurrency}}" size="4" placeholder="SGD"></label>
          {{#canEdit}}<button type="submit"{{^widgetsKnown}} disabled{{/widgetsKnown}}>Save mapping</button>{{/canEdit}}
        </form>
        {{#canEdit}}<form method="post" action="/settings/flows/{{id}}/delete" class="inline"><input type="hidden" name="_csrf" value="{{csrf}}"><button type="submit" class="danger small">Stop watching this flow</button></form>{{/canEdit}}
        {{/content}}
        {{/layout}}
        """
}
