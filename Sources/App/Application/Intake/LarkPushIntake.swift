public import Domain
import Foundation
public import Ports

/// Takes a push from Lark into Kopi. For a push off the wire: the tenant by endpoint id, then in
/// one tenant transaction the signature, decryption, Verification Token and challenge (the
/// ``LarkPushAuthenticator``), the inbox insert on the UNIQUE (tenant, event id), and the work
/// the event asks for (``EventRoute``): a job for an event of a monitored flow, none for any
/// other definition, and for a card tap the recorded tap and its job. A rejected push leaves
/// nothing behind. Nothing here calls Lark, so taps are answered well inside Lark's 3 seconds.
public struct LarkPushIntake: Sendable {
    let storage: any Storage
    let authenticator: any LarkPushAuthenticator
    let runtime: Runtime
    let bell: JobBell

    public enum Outcome: Sendable {
        case challenge(String)
        /// `monitored` is nil for a duplicate: its flow is not looked up again.
        case stored(LarkEvent, inserted: Bool, monitored: Bool?)
        case tapped(LarkEvent, CardTapRecorder.Recorded)
    }

    /// A push as it arrived: authenticated before anything is stored. Throws
    /// ``LarkPushRejection`` for a push that does not authenticate or parse.
    public func accept(_ push: LarkPushRequest, endpoint: EndpointID) async throws -> (TenantID, Outcome) {
        guard let tenant = try await storage.directory.tenant(endpointID: endpoint) else {
            throw LarkPushRejection.unauthenticated
        }
        let now = runtime.clock.now()
        let outcome = try await storage.withTenant(tenant.id) { [authenticator] scope -> Outcome in
            guard let connection = try await scope.tenant.larkConnection() else {
                throw LarkPushRejection.unauthenticated
            }
            switch try authenticator.open(push, connection: connection) {
            case .challenge(let challenge, _): return .challenge(challenge)
            case .event(let event): return try await record(event, scope: scope, now: now)
            }
        }
        ringIfQueued(outcome)
        return (tenant.id, outcome)
    }

    /// An event already authenticated by its source (the demo's simulated Lark).
    public func accept(_ event: LarkEvent, tenant: TenantID) async throws -> Outcome {
        let now = runtime.clock.now()
        let outcome = try await storage.withTenant(tenant) { scope in try await record(event, scope: scope, now: now) }
        ringIfQueued(outcome)
        return outcome
    }

    private func record(_ event: LarkEvent, scope: any TenantScope, now: Date) async throws -> Outcome {
        let inserted = try await scope.inbox.insertIfAbsent(
            InboxEvent(
                tenantID: scope.tenantID, eventID: event.id, type: event.type, approvalCode: event.approvalCode,
                instanceCode: event.instanceCode, status: event.status, receivedAt: now))
        if EventRoute.isCardTap(event) {
            guard inserted else {
                return .tapped(event, CardTapRecorder.Recorded(tone: .info, message: "Already recorded."))
            }
            let recorder = CardTapRecorder(publicURL: runtime.publicURL, randomness: runtime.randomness)
            return .tapped(event, try await recorder.record(event, scope: scope, now: now))
        }
        guard inserted else { return .stored(event, inserted: false, monitored: nil) }
        var monitored = false
        if let code = event.approvalCode { monitored = try await scope.approvals.flow(approvalCode: code) != nil }
        if monitored,
            let job = EventRoute.job(for: event, tenant: scope.tenantID, id: runtime.randomness.identifier(), now: now)
        {
            _ = try await scope.scheduler.enqueue(job)
        }
        return .stored(event, inserted: true, monitored: monitored)
    }

    private func ringIfQueued(_ outcome: Outcome) {
        switch outcome {
        case .stored(_, true, true): bell.ring()
        case .tapped(_, let recorded) where recorded.pending != nil: bell.ring()
        default: break
        }
    }
}
