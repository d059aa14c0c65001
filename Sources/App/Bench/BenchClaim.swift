import Domain
import Fakes
import Foundation

/// An expense claim as the fake Lark holds it for the pipeline benchmarks: amount, vendor,
/// category, date and the given attachment URLs, with one pending approver.
enum BenchClaim {
    /// The form mapping of the benchmark workspace's flow.
    static let mapping = FormFieldMapping(
        amount: "amount", date: "date", category: "category", vendor: "vendor", attachments: "files")

    static func instance(index: Int, instanceCode: String, ids: BenchIDs, files: [String]) -> FakeInstance {
        FakeInstance(
            approvalCode: ids.approvalCode, instanceCode: instanceCode,
            applicantOpenID: ids.employees[index % ids.employees.count], startTime: Date(),
            form: [
                ["id": "amount", "type": "amount", "value": String(100 + index % 400) + ".50", "currency": "SGD"],
                ["id": "vendor", "type": "input", "value": "Vendor \(index % 40)"],
                ["id": "category", "type": "radioV2", "value": ["transport", "meals", "lodging"][index % 3]],
                ["id": "date", "type": "date", "value": "2026-11-20T09:00:00+08:00"],
                ["id": "files", "type": "attachmentV2", "ext": "invoice.pdf", "value": files],
            ],
            tasks: [FakeTask(id: ids.tasks[index], approverOpenID: ids.approvers[index % ids.approvers.count])])
    }
}
