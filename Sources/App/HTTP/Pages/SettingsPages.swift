import Application
import Domain
import Foundation
import Hummingbird
import Ports

/// `/settings`: onboarding checklist, Lark connection, flows, policy and members; and
/// `/settings/flows/{id}`, the mapping editor.
struct SettingsPages: Sendable {
    let chrome: PageChrome
    let connection: LarkConnectionService
    let flows: FlowService
    let members: MemberService
    let policy: PolicyService
    let deadLetters: DeadLetterService
    let rates: ExchangeRateService

    func register(on router: Router<KopiRequestContext>) {
        router.get("settings") { request, _ in
            try await chrome.page(request) { caller in
                PageRenderer.render("settings", try await model(caller, request: request))
            }
        }
        post(router, "settings/lark") { caller, form in
            let input = LarkConnectionService.Input(
                domain: form.text("domain"), appID: form.text("appId"), appSecret: form.text("appSecret"),
                encryptKey: form.text("encryptKey"),
                verificationToken: form.text("verificationToken"))
            _ = try await connection.connect(input, caller: caller)
            return "/settings?done=lark#lark"
        }
        post(router, "settings/lark/delete") { caller, _ in
            try await connection.disconnect(caller)
            return "/settings?done=lark-removed"
        }
        post(router, "settings/flows") { caller, form in
            let detail = try await flows.add(approvalCode: form.text("approvalCode"), caller: caller)
            return "/settings/flows/\(detail.flow.id)?done=flow"
        }
        post(router, "settings/policy") { caller, form in
            var updated = try PolicyForm.parse(form)
            updated.citations = try await policy.policy(caller).citations
            try await policy.save(updated, caller: caller)
            return "/settings?done=policy#policy"
        }
        post(router, "settings/rates") { caller, form in
            _ = try await rates.setManualRate(
                caller, from: form.text("from"), to: form.text("to"), rate: form.text("rate"), day: form.text("day"))
            return "/settings?done=rate#rates"
        }
        post(router, "settings/rates/delete") { caller, form in
            try await rates.removeManualRate(
                caller, from: form.text("from"), to: form.text("to"), day: form.text("day"))
            return "/settings?done=rate-removed#rates"
        }
        post(router, "settings/members") { caller, form in
            guard let email = EmailAddress(form.text("email")) else {
                throw APIError.invalidInput([PageLanguage.localizer(.problemInviteEmail)])
            }
            guard let role = Role(rawValue: form.text("role")) else {
                throw APIError.invalidInput([PageLanguage.localizer(.problemRole)])
            }
            _ = try await members.invite(email: email, role: role, caller: caller)
            return "/settings?done=invited#members"
        }
        router.post("settings/members/{id}") { request, context in
            try await handle(request) { caller, form in
                guard let role = Role(rawValue: form.text("role")) else {
                    throw APIError.invalidInput([PageLanguage.localizer(.problemRole)])
                }
                _ = try await members.changeRole(of: try context.id(as: UserID.self), to: role, caller: caller)
                return "/settings?done=member#members"
            }
        }
        router.post("settings/jobs/{id}/retry") { request, context in
            try await handle(request) { caller, _ in
                try await deadLetters.retry(try context.id(as: JobID.self), caller: caller)
                return "/settings?done=job-retried#dead-letters"
            }
        }
        router.post("settings/jobs/{id}/discard") { request, context in
            try await handle(request) { caller, _ in
                try await deadLetters.discard(try context.id(as: JobID.self), caller: caller)
                return "/settings?done=job-discarded#dead-letters"
            }
        }
        router.post("settings/members/{id}/delete") { request, context in
            try await handle(request) { caller, _ in
                try await members.remove(try context.id(as: UserID.self), caller: caller)
                return "/settings?done=member-removed#members"
            }
        }
        router.get("settings/flows/{id}") { request, context in
            try await chrome.page(request) { caller in
                let detail = try await flows.detail(try context.id(as: FlowID.self), caller: caller)
                return PageRenderer.render("flow", try await flowModel(detail, caller: caller, request: request))
            }
        }
        router.post("settings/flows/{id}") { request, context in
            let id = try context.id(as: FlowID.self)
            return try await chrome.post(
                request,
                { caller, form in
                    func pick(_ name: String) -> String? { form.text(name).isEmpty ? nil : form.text(name) }
                    let currency = form.text("defaultCurrency").uppercased()
                    guard currency.isEmpty || CurrencyCode(currency) != nil else {
                        throw APIError.invalidInput([PageLanguage.localizer(.problemDefaultCurrency)])
                    }
                    let mapping = FormFieldMapping(
                        amount: pick("amount"), currency: pick("currency"), date: pick("date"),
                        category: pick("category"), vendor: pick("vendor"),
                        description: pick("description"), attachments: pick("attachments"),
                        detailTable: pick("detailTable"),
                        defaultCurrency: CurrencyCode(currency))
                    _ = try await flows.updateMapping(id, mapping: mapping, caller: caller)
                    return PageRenderer.redirect("/settings/flows/\(id)?done=mapping")
                },
                failed: { caller, error in
                    let detail = try await flows.detail(id, caller: caller)
                    return PageRenderer.render(
                        "flow", try await flowModel(detail, caller: caller, request: request, error: error),
                        status: error.status)
                })
        }
        router.post("settings/flows/{id}/delete") { request, context in
            try await handle(request) { caller, _ in
                try await flows.remove(try context.id(as: FlowID.self), caller: caller)
                return "/settings?done=flow-removed#flows"
            }
        }
    }

    /// A settings form post that redirects to the returned location, or shows the settings page
    /// with the error.
    private func post(
        _ router: Router<KopiRequestContext>, _ path: RouterPath,
        _ body: @escaping @Sendable (Caller, FormBody) async throws -> String
    ) {
        router.post(path) { request, _ in try await handle(request, body) }
    }

    private func handle(_ request: Request, _ body: (Caller, FormBody) async throws -> String) async throws -> Response
    {
        try await chrome.post(
            request, { caller, form in PageRenderer.redirect(try await body(caller, form)) },
            failed: { caller, error in
                PageRenderer.render(
                    "settings", try await model(caller, request: request, error: error), status: error.status)
            })
    }

    func model(_ caller: Caller, request: Request, error: APIError? = nil) async throws -> PageModel {
        let status = try await connection.status(caller)
        let watched = try await flows.list(caller)
        let policy = try await self.policy.policy(caller)
        let people = try await members.list(caller)
        let isAdmin = caller.role == .admin
        let dead = isAdmin ? try await deadLetters.list(caller) : []
        let manualRates = try await rates.manualRates(caller)
        let page = Page(
            isAdmin: isAdmin, workspaceName: status.tenant.name, connected: status.connection != nil,
            appID: status.connection?.appID ?? "",
            isLark: status.tenant.larkDomain == .lark,
            domainLabel: PageLanguage.localizer(status.tenant.larkDomain == .lark ? .platformLark : .platformFeishu),
            eventsURL: status.eventsURL, cardURL: status.cardURL,
            steps: ConnectionView.steps(status, localizer: PageLanguage.localizer),
            hasFlows: !watched.isEmpty, policySaved: policy != .defaults,
            flows: watched.map {
                Page.Flow(
                    id: $0.id.description, name: $0.name, approvalCode: $0.approvalCode, usable: $0.mapping.isUsable)
            },
            members: people.map { entry in
                Page.Member(
                    email: entry.email.value, role: entry.member.role.rawValue, userID: entry.member.userID.description,
                    isAdmin: isAdmin, csrf: caller.csrfToken,
                    roles: Role.allCases.map {
                        OptionModel(value: $0.rawValue, label: $0.rawValue, selected: $0 == entry.member.role)
                    })
            },
            deadLetters: dead.map { job in
                Page.DeadLetter(
                    id: job.id.description, kind: job.kind.rawValue, subject: job.subject, attempts: job.attempts,
                    error: job.lastError ?? "-", lastAttempt: PageFormat.dateTime(job.runAt, policy.calendar.timeZone),
                    csrf: caller.csrfToken)
            },
            hasDeadLetters: !dead.isEmpty,
            error: error.map(ErrorModel.init))
        let chrome = try await chrome.model(caller, section: .settings, request: request)
        let rateRows = ExchangeRateRows(
            rates: manualRates.map {
                ExchangeRateRows.Row(
                    from: $0.from.code, to: $0.to.code, rate: $0.rateText, day: $0.day.text, isAdmin: isAdmin,
                    csrf: caller.csrfToken)
            }, hasRates: !manualRates.isEmpty)
        return PageModel(page, chrome: chrome, also: [PolicyForm.fields(policy), rateRows])
    }

    func flowModel(_ detail: FlowService.Detail, caller: Caller, request: Request, error: APIError? = nil) async throws
        -> PageModel
    {
        let flow = detail.flow
        let widgets = detail.widgets ?? []
        let all =
            widgets
            + widgets.flatMap { table in
                table.columns.map { column in
                    LarkFormField(
                        id: column.id, name: "\(table.name) › \(column.name)", type: column.type, value: .empty)
                }
            }
        let mapping = flow.mapping
        let t = PageLanguage.localizer
        let fields: [(String, String, String?)] = [
            ("amount", t(.columnAmount), mapping.amount), ("currency", t(.fieldCurrency), mapping.currency),
            ("date", t(.columnDate), mapping.date),
            ("category", t(.columnCategory), mapping.category), ("vendor", t(.columnVendor), mapping.vendor),
            ("description", t(.columnDescription), mapping.description),
            ("attachments", t(.fieldAttachments), mapping.attachments),
            ("detailTable", t(.fieldDetailTable), mapping.detailTable),
        ]
        let page = FlowPage(
            id: flow.id.description, name: flow.name, approvalCode: flow.approvalCode,
            widgetsKnown: detail.widgets != nil,
            canEdit: caller.role == .admin, defaultCurrency: mapping.defaultCurrency?.code ?? "",
            fields: fields.map { name, label, current in
                var options = all.map {
                    FlowPage.Option(id: $0.id, title: "\($0.name) (\($0.type))", selected: $0.id == current)
                }
                if let current, !all.contains(where: { $0.id == current }) {
                    options.append(FlowPage.Option(id: current, title: current, selected: true))
                }
                return FlowPage.Field(name: name, label: label, options: options)
            },
            error: error.map(ErrorModel.init))
        return PageModel(page, chrome: try await chrome.model(caller, section: .settings, request: request))
    }
}
