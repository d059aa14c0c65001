import Domain
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import Ports

/// `POST /lark/{endpointID}/events` and `POST /lark/{endpointID}/card`.
///
/// In order: body cap (413), content type (415), tenant by endpoint id, then in one tenant
/// transaction: signature, decryption, Verification Token, challenge, envelope, inbox insert on
/// the UNIQUE (tenant, event id) and the work it asks for: a job for an event of a monitored
/// flow (none, and no Lark call, for any other definition), or for a card tap the recorded tap
/// and its job. Every authentication failure is the same bare 401 and stores nothing; a
/// duplicate is a 200 stored once. Nothing here calls Lark, so taps are answered well inside
/// Lark's 3 seconds however slow Lark's API is.
struct LarkWebhookRoutes: Sendable {
    static let maxBodyBytes = 1 << 20

    let storage: any Storage
    let authenticator: any LarkPushAuthenticator
    let clock: any WallClock
    let randomness: any Randomness
    let logger: Logger
    /// Records card taps and chooses the answer Lark shows the tapper.
    let taps: CardTapRecorder

    func register(on router: Router<KopiRequestContext>) {
        router.post("lark/:endpoint/events") { request, context in
            await receive(request, endpoint: context.parameters.get("endpoint"), channel: "events")
        }
        router.post("lark/:endpoint/card") { request, context in
            await receive(request, endpoint: context.parameters.get("endpoint"), channel: "card")
        }
    }

    enum Outcome: Sendable {
        case challenge(String)
        /// `monitored` is nil for a duplicate: its flow is not looked up again.
        case stored(LarkEvent, inserted: Bool, monitored: Bool?)
        case tapped(LarkEvent, CardTapRecorder.Recorded)
    }

    func receive(_ request: Request, endpoint: String?, channel: String) async -> Response {
        let started = ContinuousClock.now
        if let length = request.headers[.contentLength].flatMap(Int.init), length > Self.maxBodyBytes {
            return JSONResponse.object(.contentTooLarge, ["error": "payload_too_large"])
        }
        guard let contentType = request.headers[.contentType]?.lowercased(), contentType.hasPrefix("application/json") else {
            return JSONResponse.object(.unsupportedMediaType, ["error": "unsupported_media_type"])
        }
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: Self.maxBodyBytes)
        } catch {
            return JSONResponse.object(.contentTooLarge, ["error": "payload_too_large"])
        }
        let push = LarkPushRequest(
            body: Data(body.readableBytesView), timestamp: request.headers[Self.timestampHeader],
            nonce: request.headers[Self.nonceHeader], signature: request.headers[Self.signatureHeader])
        do {
            guard let endpointID = endpoint.flatMap(EndpointID.init),
                let tenant = try await storage.directory.tenant(endpointID: endpointID)
            else { throw LarkPushRejection.unauthenticated }
            let outcome = try await accept(push, tenant: tenant.id)
            switch outcome {
            case .challenge(let challenge):
                logger.info("lark challenge answered", metadata: ["tenant_id": "\(tenant.id)", "channel": "\(channel)"])
                return JSONResponse.object(.ok, ["challenge": challenge])
            case .stored(let event, let inserted, let monitored):
                logger.info("lark push accepted", metadata: [
                    "tenant_id": "\(tenant.id)", "event_id": "\(event.id)", "type": "\(event.type)",
                    "approval_code": "\(event.approvalCode ?? "-")", "instance_code": "\(event.instanceCode ?? "-")",
                    "status": "\(event.status ?? "-")", "duplicate": "\(!inserted)", "monitored": "\(monitored.map(String.init) ?? "-")",
                    "ack_ms": "\(Self.milliseconds(ContinuousClock.now - started))",
                ])
                return JSONResponse.object(.ok, channel == "card" ? [:] : ["msg": "success"])
            case .tapped(let event, let recorded):
                let answer = recorded.answer()
                logger.info("card tap answered", metadata: [
                    "tenant_id": "\(tenant.id)", "event_id": "\(event.id)", "toast": "\(answer.tone.rawValue)",
                    "ack_ms": "\(Self.milliseconds(ContinuousClock.now - started))",
                ])
                return JSONResponse.respond(.ok, Data(answer.json().utf8))
            }
        } catch LarkPushRejection.unauthenticated {
            logger.notice("lark push rejected", metadata: ["channel": "\(channel)", "reason": "unauthenticated"])
            return JSONResponse.object(.unauthorized, ["error": "unauthorized"])
        } catch LarkPushRejection.malformed {
            logger.notice("lark push rejected", metadata: ["channel": "\(channel)", "reason": "malformed"])
            return JSONResponse.object(.badRequest, ["error": "malformed_push"])
        } catch {
            logger.error("lark push not stored", metadata: ["channel": "\(channel)", "error": "\(error)"])
            return JSONResponse.object(.serviceUnavailable, ["error": "unavailable"])
        }
    }

    /// Authenticates and stores in one transaction, so a rejected push leaves nothing behind.
    func accept(_ push: LarkPushRequest, tenant: TenantID) async throws -> Outcome {
        let now = clock.now()
        let jobID: JobID = randomness.identifier()
        return try await storage.withTenant(tenant) { [authenticator, taps] scope in
            guard let connection = try await scope.tenant.larkConnection() else { throw LarkPushRejection.unauthenticated }
            switch try authenticator.open(push, connection: connection) {
            case .challenge(let challenge, _):
                return .challenge(challenge)
            case .event(let event):
                let inserted = try await scope.inbox.insertIfAbsent(InboxEvent(
                    tenantID: tenant, eventID: event.id, type: event.type, approvalCode: event.approvalCode,
                    instanceCode: event.instanceCode, status: event.status, receivedAt: now))
                if event.type == "card.action.trigger" {
                    guard inserted else { return .tapped(event, CardTapRecorder.Recorded(tone: .info, message: "Already recorded.")) }
                    return .tapped(event, try await taps.record(event, scope: scope, now: now))
                }
                guard inserted else { return .stored(event, inserted: false, monitored: nil) }
                var monitored = false
                if let code = event.approvalCode { monitored = try await scope.approvals.flow(approvalCode: code) != nil }
                if monitored, let job = EventRoute.job(for: event, tenant: tenant, id: jobID, now: now) {
                    _ = try await scope.scheduler.enqueue(job)
                }
                return .stored(event, inserted: true, monitored: monitored)
            }
        }
    }

    static func milliseconds(_ duration: Duration) -> Int64 {
        duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
    }

    static let timestampHeader = HTTPField.Name("X-Lark-Request-Timestamp")!
    static let nonceHeader = HTTPField.Name("X-Lark-Request-Nonce")!
    static let signatureHeader = HTTPField.Name("X-Lark-Signature")!
}
