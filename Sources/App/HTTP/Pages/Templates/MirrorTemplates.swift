import Application

extension PageTemplates {
    static let mirror = """
        {{<layout}}
        {{$title}}{{t.mirror_title}}{{/title}}
        {{$content}}
        <p><a href="/settings#policy">{{t.flow_back}}</a></p>
        <h1>{{t.mirror_title}}</h1>
        <p class="muted">{{t.mirror_intro}}</p>
        {{#isAdmin}}
        <section class="card" id="import">
          <h2>{{t.mirror_import}}</h2>
          {{^aiReady}}<p class="notice">{{t.mirror_no_ai}}</p>{{/aiReady}}
          <form method="post" action="/policy/import" enctype="multipart/form-data">
            <input type="hidden" name="_csrf" value="{{csrf}}">
            <label>{{t.mirror_name}} <input name="name" maxlength="120" placeholder="{{t.mirror_name_placeholder}}"></label>
            <label>{{t.mirror_paste}} <textarea name="text" rows="8"></textarea></label>
            <label>{{t.mirror_or_pdf}} <input type="file" name="pdf" accept="application/pdf"></label>
            <button type="submit"{{^aiReady}} disabled{{/aiReady}}>{{t.mirror_propose}}</button>
          </form>
        </section>
        {{/isAdmin}}
        {{#documents}}
        <section class="card" id="d-{{id}}">
          <h2>{{name}}</h2>
          <p class="muted">{{imported}}</p>
          {{#proposals}}
          <div class="proposal {{status}}" id="p-{{id}}">
            <p><strong>{{kind}}</strong> · <span class="status">{{statusLabel}}</span>{{#summary}} · {{.}}{{/summary}}</p>
            <blockquote class="policy-quote">{{quote}}</blockquote>
            {{#refusal}}<p class="error">{{.}}</p>{{/refusal}}
            {{#editable}}
            <form method="post" action="/policy/proposals/{{id}}" class="inline">
              <input type="hidden" name="_csrf" value="{{csrf}}"><input type="hidden" name="kind" value="{{ruleKind}}">
              {{#fields}}<label>{{label}} <input name="{{name}}" value="{{value}}"></label> {{/fields}}
              {{#hasFields}}<button type="submit" class="small secondary">{{t.save}}</button>{{/hasFields}}
            </form>
            <form method="post" action="/policy/proposals/{{id}}/accept" class="inline"><input type="hidden" name="_csrf" value="{{csrf}}"><button type="submit" class="small">{{t.mirror_accept}}</button></form>
            <form method="post" action="/policy/proposals/{{id}}/reject" class="inline"><input type="hidden" name="_csrf" value="{{csrf}}"><button type="submit" class="small danger">{{t.mirror_reject}}</button></form>
            {{/editable}}
          </div>
          {{/proposals}}
          {{^proposals}}<p class="muted">{{t.mirror_none_found}}</p>{{/proposals}}
        </section>
        {{/documents}}
        {{^documents}}<p class="muted">{{t.mirror_no_documents}}</p>{{/documents}}
        {{/content}}
        {{/layout}}
        """
}
