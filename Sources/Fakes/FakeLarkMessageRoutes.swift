import Foundation
import Hummingbird

/// The messaging endpoints: send a card, patch it, and update it with a callback's token, each
/// with Lark's documented limits (see ``FakeLarkState``).
struct FakeLarkMessageRoutes: Sendable {
    let routes: FakeLarkRoutes

    var state: FakeLarkState { routes.state }

    func register(on router: Router<BasicRequestContext>) {
        router.post("/open-apis/im/v1/messages") { request, _ in
            try await routes.guarded(request) { appID, body in
                guard request.uri.queryParameters.get("receive_id_type") == "open_id" else {
                    return FakeLarkRoutes.fieldViolation("receive_id_type", "receive_id_type is required")
                }
                guard let receiver = body["receive_id"] as? String, LarkIDs.isOpenID(receiver) else {
                    return FakeLarkRoutes.fieldViolation("receive_id", "receive_id is not a valid open_id")
                }
                guard body["msg_type"] as? String == "interactive", let content = body["content"] as? String else {
                    return FakeLarkRoutes.fieldViolation("content", "content is required")
                }
                let uuid = body["uuid"] as? String ?? UUID().uuidString
                guard uuid.count <= FakeLarkLimits.maxUUIDLength else {
                    return FakeLarkRoutes.fieldViolation("uuid", "uuid exceeds the maximum length of 50")
                }
                if let refusal = FakeCardRules.refusal(content) { return FakeLarkRoutes.refusal(refusal) }
                switch await state.sendCard(appID: appID, receiver: receiver, content: content, idempotencyKey: uuid) {
                case .success(let id): return FakeLarkRoutes.success(["message_id": id, "msg_type": "interactive"])
                case .failure(let refusal): return FakeLarkRoutes.refusal(refusal)
                }
            }
        }
        router.patch("/open-apis/im/v1/messages/:id") { request, context in
            try await routes.guarded(request) { appID, body in
                guard let content = body["content"] as? String else {
                    return FakeLarkRoutes.fieldViolation("content", "content is required")
                }
                if let refusal = FakeCardRules.refusal(content) { return FakeLarkRoutes.refusal(refusal) }
                let refusal = await state.patch(
                    messageID: context.parameters.get("id") ?? "", content: content, appID: appID)
                return refusal.map(FakeLarkRoutes.refusal) ?? FakeLarkRoutes.success([:])
            }
        }
        router.post("/open-apis/interactive/v1/card/update") { request, _ in
            try await routes.guarded(request) { appID, body in
                guard let token = body["token"] as? String else {
                    return FakeLarkRoutes.fieldViolation("token", "token is required")
                }
                guard let card = body["card"] as? [String: Any] else {
                    return FakeLarkRoutes.failure(10002, "card is required and must be an object")
                }
                let content = FakeLarkRoutes.string(card)
                if let refusal = FakeCardRules.refusal(content) {
                    return FakeLarkRoutes.failure(refusal.code, refusal.message)
                }
                let refusal = await state.updateCard(token: token, content: content, appID: appID)
                return refusal.map { FakeLarkRoutes.failure($0.code, $0.message) }
                    ?? FakeLarkRoutes.json(["code": 0, "msg": "ok"])
            }
        }
    }
}
