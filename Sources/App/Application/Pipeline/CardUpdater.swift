public import Domain
import Foundation
public import Logging
public import Ports

/// Puts a new version of a sent card in front of its approver: with a tap's update token while
/// it is usable (Lark's path after a callback), else by patching the message. A card older than
/// Lark's 14 days is left as it is; the dashboard is the record.
public struct CardUpdater: Sendable {
    let lark: any LarkGateway
    public let clock: any WallClock
    public let logger: Logger

    public enum Outcome: Equatable, Sendable {
        case updatedWithToken
        case patched
        /// Too old to change (14 days), or Lark said so.
        case leftAsIs
    }

    /// Throws only what a later retry may fix (Lark unavailable, rate limited, network).
    public func update(_ card: CardMessage, to json: String, token: Secret?, app: LarkApp) async throws(LarkError)
        -> Outcome
    {
        if let token {
            do {
                try await lark.updateCard(token: token, card: json, app: app)
                return .updatedWithToken
            } catch {
                logger.notice(
                    "card update by token refused, patching instead",
                    metadata: [
                        "tenant_id": "\(app.tenantID)", "message_id": "\(card.messageID)", "error": "\(error)",
                    ])
            }
        }
        guard card.isPatchable(at: clock.now()) else { return .leftAsIs }
        do {
            try await lark.patchCard(messageID: card.messageID, card: json, app: app)
            return .patched
        } catch  where !error.isRetryable {
            logger.warning(
                "card not updated",
                metadata: ["tenant_id": "\(app.tenantID)", "message_id": "\(card.messageID)", "error": "\(error)"])
            return .leftAsIs
        }
    }
}
