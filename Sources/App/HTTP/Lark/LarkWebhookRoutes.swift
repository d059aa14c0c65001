import Application
import Domain
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import Ports

/// `POST /lark/{endpointID}/events` and `POST /lark/{endpointID}/card`: the HTTP edge of
/// ``LarkPushIntake``. Body cap (413) and content type (415) are checked here; everything else
/// (authentication, dedup, the work an event asks for) is the intake's. Every authentication
/// failure is the same bare 401 and stores nothing; a duplicate is a 200 stored once.
struct LarkWebhookRoutes: Sendable {
    static let maxBodyBytes = 1 << 20

    let intake: LarkPushIntake
    let logger: Logger
    let metrics: KopiMetrics

    func register(on router: Router<KopiRequestContext>) {
        router.post("lark/:endpoint/events") { request, context in
            await receive(request, endpoint: context.parameters.get("endpoint"), channel: "events")
        }
        router.post("lark/:endpoint/card") { request, context in
            await receive(request, endpoint: context.parameters.get("endpoint"), channel: "card")
        }
    }

    /// Answers the push and counts it by outcome, with its time to the answer.
    func receive(_ request: Request, endpoint: String?, channel: String) async -> Response {
        let started = ContinuousClock.now
        let (outcome, response) = await answer(request, endpoint: endpoint, channel: channel, started: started)
        metrics.push(channel: channel, outcome: outcome, ack: ContinuousClock.now - started)
        return response
    }

    private func answer(_ request: Request, endpoint: String?, channel: String, started: ContinuousClock.Instant) async
        -> (KopiMetrics.PushOutcome, Response)
    {
        let headers = LarkPushHeaders(request.headers)
        if let length = headers.contentLength.flatMap(Int.init), length > Self.maxBodyBytes {
            return (.tooLarge, JSONResponse.object(.contentTooLarge, ["error": "payload_too_large"]))
        }
        guard let contentType = headers.contentType?.lowercased(), contentType.hasPrefix("application/json")
        else {
            return (
                .unsupportedMediaType, JSONResponse.object(.unsupportedMediaType, ["error": "unsupported_media_type"])
            )
        }
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: Self.maxBodyBytes)
        } catch {
            return (.tooLarge, JSONResponse.object(.contentTooLarge, ["error": "payload_too_large"]))
        }
        let push = LarkPushRequest(
            body: Data(body.readableBytesView), timestamp: headers.timestamp, nonce: headers.nonce,
            signature: headers.signature)
        do {
            guard let endpointID = endpoint.flatMap(EndpointID.init) else { throw LarkPushRejection.unauthenticated }
            let (tenantID, outcome) = try await intake.accept(push, endpoint: endpointID)
            switch outcome {
            case .challenge(let challenge):
                logger.info("lark challenge answered", metadata: ["tenant_id": "\(tenantID)", "channel": "\(channel)"])
                return (.challenge, JSONResponse.object(.ok, ["challenge": challenge]))
            case .stored(let event, let inserted, let monitored):
                logger.info(
                    "lark push accepted",
                    metadata: [
                        "tenant_id": "\(tenantID)", "event_id": "\(event.id)", "type": "\(event.type)",
                        "approval_code": "\(event.approvalCode ?? "-")",
                        "instance_code": "\(event.instanceCode ?? "-")",
                        "status": "\(event.status ?? "-")", "duplicate": "\(!inserted)",
                        "monitored": "\(monitored.map(String.init) ?? "-")",
                        "ack_ms": "\((ContinuousClock.now - started).milliseconds)",
                    ])
                return (
                    inserted ? .stored : .duplicate,
                    JSONResponse.respond(.ok, channel == "card" ? Self.emptyObject : Self.success)
                )
            case .tapped(let event, let recorded):
                let answer = recorded.answer()
                logger.info(
                    "card tap answered",
                    metadata: [
                        "tenant_id": "\(tenantID)", "event_id": "\(event.id)", "toast": "\(answer.tone.rawValue)",
                        "ack_ms": "\((ContinuousClock.now - started).milliseconds)",
                    ])
                metrics.tapAnswered(tone: answer.tone.rawValue)
                return (.tap, JSONResponse.respond(.ok, Data(answer.json().utf8)))
            }
        } catch LarkPushRejection.unauthenticated {
            logger.notice("lark push rejected", metadata: ["channel": "\(channel)", "reason": "unauthenticated"])
            return (.unauthenticated, JSONResponse.object(.unauthorized, ["error": "unauthorized"]))
        } catch LarkPushRejection.malformed {
            logger.notice("lark push rejected", metadata: ["channel": "\(channel)", "reason": "malformed"])
            return (.malformed, JSONResponse.object(.badRequest, ["error": "malformed_push"]))
        } catch {
            logger.error("lark push not stored", metadata: ["channel": "\(channel)", "error": "\(error)"])
            return (.unavailable, JSONResponse.object(.serviceUnavailable, ["error": "unavailable"]))
        }
    }

    /// Lark's expected acknowledgements, rendered once.
    static let success = Data(#"{"msg":"success"}"#.utf8)
    static let emptyObject = Data("{}".utf8)
}
