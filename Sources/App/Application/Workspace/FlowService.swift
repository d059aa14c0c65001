public import Domain
import Foundation
import Ports

/// Adding Lark approval flows to watch: the definition is fetched, the app subscribed to its
/// events, and a form mapping proposed for the admin to correct.
public struct FlowService: Sendable {
    let storage: any Storage
    let lark: any LarkGateway
    let runtime: Runtime
    let watchedFlows: MonitoredFlowCache

    public struct Detail: Sendable {
        public let flow: MonitoredFlow
        /// The definition's widgets, when Lark could be asked.
        public let widgets: [LarkFormField]?
    }

    public func list(_ caller: Caller) async throws -> [MonitoredFlow] {
        try await storage.withTenant(caller.tenantID) { try await $0.approvals.flows() }
    }

    public func add(approvalCode raw: String, caller: Caller) async throws -> Detail {
        try caller.require(.admin)
        let approvalCode = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !approvalCode.isEmpty, approvalCode.count <= 128,
            approvalCode.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") })
        else {
            throw ApplicationError.invalidInput([
                "approvalCode: paste the approval code from the flow's URL in the Lark admin console."
            ])
        }
        let app = try await larkApp(caller)
        let known = try await storage.withTenant(caller.tenantID) {
            try await $0.approvals.flow(approvalCode: approvalCode, includingArchived: true)
        }
        if let known, !known.isArchived {
            throw ApplicationError(.conflict, code: "flow_exists", message: "This flow is already watched.")
        }
        let definition: LarkApprovalDefinition
        do {
            definition = try await lark.approvalDefinition(approvalCode, app: app)
            try await lark.subscribe(approvalCode, app: app)
        } catch {
            throw LarkConnectionService.explain(error)
        }
        // Watching an archived flow again brings it back, with its history and a fresh mapping.
        let flow = MonitoredFlow(
            id: known?.id ?? runtime.randomness.identifier(), tenantID: caller.tenantID, approvalCode: approvalCode,
            name: String(definition.name.prefix(200)), mapping: FormMappingProposer().propose(definition.widgets),
            subscribed: true,
            createdAt: known?.createdAt ?? runtime.clock.now())
        do {
            try await storage.withTenant(caller.tenantID) { try await $0.approvals.saveFlow(flow) }
        } catch StoreError.duplicate {
            throw ApplicationError(.conflict, code: "flow_exists", message: "This flow is already watched.")
        }
        return Detail(flow: flow, widgets: definition.widgets)
    }

    /// The flow and, when Lark answers, its form's widgets (for the mapping editor).
    public func detail(_ id: FlowID, caller: Caller) async throws -> Detail {
        let flow = try await flow(id, caller: caller)
        guard let app = try? await larkApp(caller) else { return Detail(flow: flow, widgets: nil) }
        let widgets = try? await lark.approvalDefinition(flow.approvalCode, app: app).widgets
        return Detail(flow: flow, widgets: widgets)
    }

    /// Replaces the mapping after checking it against the definition's current form.
    public func updateMapping(_ id: FlowID, mapping: FormFieldMapping, caller: Caller) async throws -> MonitoredFlow {
        try caller.require(.admin)
        var flow = try await flow(id, caller: caller)
        let app = try await larkApp(caller)
        let widgets: [LarkFormField]
        do {
            widgets = try await lark.approvalDefinition(flow.approvalCode, app: app).widgets
        } catch {
            throw LarkConnectionService.explain(error)
        }
        let problems = FormMappingProposer().problems(mapping, widgets: widgets)
        guard problems.isEmpty else { throw ApplicationError.invalidInput(problems) }
        flow.mapping = mapping
        try await storage.withTenant(caller.tenantID) { [flow] in try await $0.approvals.saveFlow(flow) }
        return flow
    }

    /// Stops watching the flow; its approvals, checks, decisions and audit trail stay.
    public func remove(_ id: FlowID, caller: Caller) async throws {
        try caller.require(.admin)
        _ = try await flow(id, caller: caller)
        do {
            try await storage.withTenant(caller.tenantID) { [runtime] in
                try await $0.approvals.archiveFlow(id, at: runtime.clock.now())
            }
            watchedFlows.forget(tenant: caller.tenantID)
        } catch StoreError.notFound {
            throw ApplicationError.notFound
        }
    }

    private func flow(_ id: FlowID, caller: Caller) async throws -> MonitoredFlow {
        guard let flow = try await storage.withTenant(caller.tenantID, { try await $0.approvals.flow(id) }),
            !flow.isArchived
        else {
            throw ApplicationError.notFound
        }
        return flow
    }

    private func larkApp(_ caller: Caller) async throws -> LarkApp {
        guard let app = try await storage.withTenant(caller.tenantID, { try await $0.tenant.larkApp() }) else {
            throw ApplicationError.larkNotConnected
        }
        return app
    }
}
