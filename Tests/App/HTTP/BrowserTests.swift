import Adapters
import Domain
import Fakes
import Foundation
import Hummingbird
import Logging
import Ports
import ServiceLifecycle
import Synchronization
import Testing

@testable import Application
@testable import Demo
@testable import HTTP
@testable import Kopi

/// Appends each sign-in link as `e-mail link` to a file, for the browser driver to read.
final class FileOutboxMailer: Mailer {
    let path: String
    private let lock = Mutex(())

    init(path: String) { self.path = path }

    func send(_ message: MailMessage) async throws {
        guard let link = message.body.split(separator: "\n").first(where: { $0.contains("/sign-in/confirm#token=") })
        else { return }
        lock.withLock { _ in
            let line = Data("\(message.to.value) \(link.trimmingCharacters(in: .whitespaces))\n".utf8)
            if let handle = FileHandle(forWritingAtPath: path) {
                handle.seekToEndOfFile()
                handle.write(line)
                try? handle.close()
            } else {
                _ = FileManager.default.createFile(atPath: path, contents: line)
            }
        }
    }
}

@Suite("Browser walkthrough with headless Chromium", .serialized)
struct BrowserTests {
    static let instanceCode = LarkIDs.instanceCode()

    @Test(
        "Sign in by magic link, connect Lark, add a flow, open an audit page and the report, on laptop and phone widths; import the written policy and review its rules in English, then in Chinese"
    )
    func walkthrough() async throws {
        let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
        let browser = try #require(chromium, "Chromium is missing: ./scripts/test installs Debian's chromium package")
        let lark = try await FakeLarkServer.start()
        await lark.state.register(OnboardingAPITests.app)
        await lark.state.addDefinition(
            code: "7C468A54-8745-2245-9675-08B7C63E7A85", name: "Expense claim", form: OnboardingAPITests.expenseForm)
        await lark.state.addFile(name: "receipt.pdf", bytes: Array("%PDF-1.7 receipt".utf8))
        await lark.state.addInstance(
            FakeInstance(
                approvalCode: "7C468A54-8745-2245-9675-08B7C63E7A85", instanceCode: Self.instanceCode,
                applicantOpenID: LarkIDs.openID(), startTime: Date().addingTimeInterval(-3600),
                form: [
                    ["id": "w-title", "type": "input", "value": "Client visit"],
                    [
                        "id": "w-lines", "type": "fieldList",
                        "value": [
                            [
                                ["id": "c-amount", "type": "amount", "value": "42.80", "currency": "SGD"],
                                [
                                    "id": "c-date", "type": "date",
                                    "value": ISO8601DateFormatter().string(from: Date().addingTimeInterval(-86400)),
                                ],
                                ["id": "c-type", "type": "radioV2", "value": "transport"],
                                ["id": "c-vendor", "type": "input", "value": "Grab"],
                            ] as [[String: any Sendable]]
                        ],
                    ],
                    [
                        "id": "w-invoices", "type": "attachmentV2", "ext": "receipt.pdf",
                        "value": [lark.fileURL("receipt.pdf")],
                    ],
                ],
                tasks: [FakeTask(id: LarkIDs.taskID(), approverOpenID: LarkIDs.openID())]))

        // The AI reads the invoice, and proposes rules from each policy the walkthrough imports,
        // one quotation of each invented.
        let ai = try await FakeAnthropicServer.start()
        await ai.state.answerPolicies(
            containing: "Acme Travel Policy",
            with: [
                FakePolicyRule(
                    kind: "category_cap", category: "transport", amount: "30.00", currency: "SGD",
                    quote: "Taxis are reimbursed up to SGD 30.00 per trip."),
                FakePolicyRule(kind: "submission_window", days: 90, quote: "Claims may wait up to 90 days."),
            ])
        await ai.state.answerPolicies(
            containing: "差旅报销制度",
            with: [
                FakePolicyRule(kind: "prohibited_vendor", vendor: "赌场", quote: "赌场消费一律不予报销。"),
                FakePolicyRule(kind: "weekend_expenses_flagged", quote: "周末费用需要特别说明理由。"),
            ])
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "kopi-browser-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let port = FreePort.find()
        let storage = try await StorageFactory.open(
            .sqlite(path: directory.appendingPathComponent("kopi.db").path), sealer: TestServices.sealer)
        let base = "http://127.0.0.1:\(port)"
        let services = TestServices.make(
            storage: storage, larkBaseURL: lark.baseURL, anthropicBaseURL: ai.baseURL,
            mailer: FileOutboxMailer(path: directory.appendingPathComponent("outbox.txt").path),
            publicURL: URL(string: base)!)
        let configuration = try AppConfiguration.load(from: [
            "KOPI_HOST": "127.0.0.1", "KOPI_PORT": String(port), "KOPI_DATABASE_URL": "sqlite:/tmp/unused.db",
        ])
        let application = CompositionRoot.buildApplication(services, configuration: configuration)
        let group = ServiceGroup(
            configuration: .init(
                services: [application], gracefulShutdownSignals: [], logger: Logger(label: "browser-test")))
        let server = Task { try await group.run() }
        while !FreePort.isListening(port) { try await Task.sleep(for: .milliseconds(20)) }

        // Lark pushes the claim once the flow has been added in the browser.
        let pusher = Task {
            for _ in 0..<600 {
                let tenants = try await storage.directory.allTenants()
                for tenant in tenants
                where try await storage.withTenant(tenant.id, { try await $0.approvals.flows() }).isEmpty == false {
                    let payload = FakeLarkPayloads.approvalInstance(
                        app: OnboardingAPITests.app, eventID: LarkIDs.eventID(),
                        approvalCode: "7C468A54-8745-2245-9675-08B7C63E7A85", instanceCode: Self.instanceCode,
                        status: "PENDING")
                    _ = await FakeLarkPusher(http: CurlHTTPClient(threads: 1)).push(
                        FakeLarkPusher.delivery(payload, app: OnboardingAPITests.app),
                        to: "\(base)/lark/\(tenant.endpointID)/events")
                    return
                }
                try await Task.sleep(for: .milliseconds(100))
            }
        }

        let shots = directory.appendingPathComponent("screenshots").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", PackageRoot.url.appendingPathComponent("Tests/Browser/dashboard_walkthrough.py").path,
        ]
        process.environment = ProcessInfo.processInfo.environment.merging([
            "KOPI_BASE_URL": base, "KOPI_OUTBOX": directory.appendingPathComponent("outbox.txt").path,
            "KOPI_SCREENSHOTS": shots,
            "KOPI_CHROMIUM": browser,
        ]) { $1 }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = try await OwnThread.run {
            let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            return text
        }

        pusher.cancel()
        await group.triggerGracefulShutdown()
        _ = try? await server.value
        await storage.close()
        await lark.stop()
        await ai.stop()
        print(text)
        #expect(process.terminationStatus == 0, "\(text)")
        #expect(text.contains("walkthrough passed"))
        #expect(
            FileManager.default.fileExists(atPath: shots + "/8-policy-zh.png"),
            "screenshots are written outside the repository: \(shots)")
    }
}
