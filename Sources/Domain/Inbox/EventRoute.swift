public import Foundation

/// Which background job a Lark event asks for. Card taps are recorded by the webhook itself, and
/// events of approval definitions that are not monitored flows get no job at all.
public enum EventRoute {
    /// The callback Lark sends when an approver taps a card's button.
    public static let cardTapType = "card.action.trigger"

    public static func isCardTap(_ event: LarkEvent) -> Bool { event.type == cardTapType }

    /// - `approval_instance` or `approval_task` PENDING: process the instance (a new claim is read
    ///   and checked; a known one gives each new pending approver a card, with no AI call);
    /// - any other status of either (approved, rejected, transferred, rolled back, done,
    ///   canceled…): bring the stored status and every card in line with Lark.
    public static func job(for event: LarkEvent, tenant: TenantID, id: JobID, now: Date) -> Job? {
        guard ["approval_instance", "approval_task"].contains(event.type), let instance = event.instanceCode,
            !instance.isEmpty,
            let status = event.status, !status.isEmpty
        else { return nil }
        let kind: Job.Kind = status == "PENDING" ? .processInstance : .instanceStatusChanged
        return Job(id: id, tenantID: tenant, kind: kind, subject: instance, runAt: now, createdAt: now)
    }
}
