import Adapters
import Domain
import Fakes
import Foundation
import Logging
import Ports

/// A running fake Lark with one app, one definition and one instance, and a gateway pointed at it.
struct FakeLarkFixture {
    static let app = FakeApp(
        appID: LarkIDs.appID(), appSecret: LarkIDs.secret(), encryptKey: LarkIDs.secret(),
        verificationToken: LarkIDs.secret())
    static let invoice = Array("%PDF-1.7 fixture invoice".utf8)
    // Shaped like Lark's: UUID codes, a 19-digit task id, ou_ + 32 hex open ids.
    static let approvalCode = LarkIDs.approvalCode()
    static let instanceCode = LarkIDs.instanceCode()
    static let taskID = LarkIDs.taskID()
    static let approver = LarkIDs.openID()
    static let applicant = LarkIDs.openID()

    let server: FakeLarkServer
    let gateway: CurlLarkGateway
    let larkApp: LarkApp

    /// A valid schema 2.0 shared card of about `bytes` bytes.
    static func card(bytes: Int = 200, schema: String = "2.0") -> String {
        let filler = String(repeating: "x", count: max(0, bytes - 120))
        return
            #"{"schema":"\#(schema)","config":{"update_multi":true},"body":{"elements":[{"tag":"markdown","content":"\#(filler)"}]}}"#
    }

    static func start(
        maxAttempts: Int = 3, downloadHosts: [String] = ["127.0.0.1"], requestTimeout: Duration = .seconds(2)
    ) async throws -> FakeLarkFixture {
        let server = try await FakeLarkServer.start()
        await server.state.register(app)
        await server.state.addDefinition(
            code: approvalCode, name: "Travel expenses",
            form: [
                ["id": "w-amount", "name": "Amount", "type": "amount", "value": "SGD"],
                ["id": "w-vendor", "name": "Vendor", "type": "input"],
            ])
        await server.state.addFile(name: "invoice.pdf", bytes: invoice)
        await server.state.addInstance(
            FakeInstance(
                approvalCode: approvalCode, instanceCode: instanceCode, applicantOpenID: applicant,
                startTime: Date(timeIntervalSince1970: 1_800_000_000),
                form: sampleForm(fileURL: server.fileURL("invoice.pdf")),
                tasks: [FakeTask(id: taskID, approverOpenID: approver)]))
        let configuration = LarkGatewayConfiguration(
            baseURLOverride: server.baseURL, downloadHosts: downloadHosts, requestTimeout: requestTimeout,
            maxAttempts: maxAttempts,
            backoffBase: .milliseconds(5), maxRateLimitWait: .seconds(2))
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let gateway = CurlLarkGateway(
            http: CurlHTTPClient(threads: 4), configuration: configuration, clock: SystemWallClock(), logger: logger)
        let larkApp = LarkApp(
            tenantID: Identifier(UUID()), domain: .lark, appID: app.appID, appSecret: Secret(app.appSecret))
        return FakeLarkFixture(server: server, gateway: gateway, larkApp: larkApp)
    }

    static func sampleForm(fileURL: String) -> [[String: any Sendable]] {
        [
            ["id": "w-amount", "name": "Amount", "type": "amount", "value": 1234.5, "currency": "SGD"],
            ["id": "w-vendor", "name": "Vendor", "type": "input", "value": "Grab Pte Ltd"],
            ["id": "w-note", "name": "Note", "type": "textarea", "value": "Client visit"],
            ["id": "w-count", "name": "People", "type": "number", "value": "3"],
            ["id": "w-date", "name": "Date", "type": "date", "value": "2026-11-20T08:12:01+08:00"],
            [
                "id": "w-trip", "name": "Trip", "type": "dateInterval",
                "value": ["start": "2026-11-18T00:00:00+08:00", "end": "2026-11-20T00:00:00+08:00", "interval": 2.0]
                    as [String: any Sendable],
            ],
            ["id": "w-category", "name": "Category", "type": "radioV2", "value": "transport"],
            ["id": "w-tags", "name": "Tags", "type": "checkboxV2", "value": ["client", "urgent"]],
            ["id": "w-files", "name": "Invoices", "type": "attachmentV2", "ext": "'invoice.pdf'", "value": [fileURL]],
            ["id": "w-photos", "name": "Photos", "type": "image", "value": [fileURL]],
            [
                "id": "w-lines", "name": "Lines", "type": "fieldList",
                "value": [
                    [
                        ["id": "l-amount", "type": "amount", "value": "20.50"],
                        ["id": "l-vendor", "type": "input", "value": "Grab"],
                    ],
                    [
                        ["id": "l-amount", "type": "amount", "value": 45],
                        ["id": "l-vendor", "type": "input", "value": "Gojek"],
                    ],
                ] as [[[String: any Sendable]]],
            ],
        ]
    }
}
