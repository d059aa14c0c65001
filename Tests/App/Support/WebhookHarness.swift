import Adapters
import Domain
import Fakes
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Ports

@testable import Application
@testable import Demo
@testable import HTTP
@testable import Kopi

/// A workspace connected to a fake Lark app, and the real router serving its webhooks on loopback.
struct WebhookHarness: Sendable {
    let storage: any Storage
    let tenant: Tenant
    let app: FakeApp
    /// The monitored flow: events of its approval code are processed, any other code's dropped.
    let flow: MonitoredFlow
    let pusher = FakeLarkPusher(http: CurlHTTPClient(threads: 4))

    static func newApp() -> FakeApp {
        FakeApp(
            appID: LarkIDs.appID(), appSecret: LarkIDs.secret(), encryptKey: LarkIDs.secret(),
            verificationToken: LarkIDs.secret())
    }

    static func make(
        storage: any Storage = InMemoryStorage(sealer: TestServices.sealer), app: FakeApp = newApp(),
        mapping: FormFieldMapping = FormFieldMapping(amount: "w-amount"), domain: LarkDomain = .lark
    ) async throws -> WebhookHarness {
        let randomness = SystemRandomness()
        let owner = User(
            id: randomness.identifier(), email: EmailAddress("owner-\(UUID().uuidString.prefix(6))@example.com")!,
            createdAt: Date())
        try await storage.directory.createUser(owner)
        let tenant = Tenant(
            id: randomness.identifier(), name: "Acme", larkDomain: domain, endpointID: randomness.endpointID(),
            createdAt: Date())
        try await storage.directory.createWorkspace(tenant, owner: owner.id)
        let connection = LarkConnection(
            tenantID: tenant.id, appID: app.appID, appSecret: Secret(app.appSecret), encryptKey: Secret(app.encryptKey),
            verificationToken: Secret(app.verificationToken), updatedAt: Date())
        let flow = MonitoredFlow(
            id: randomness.identifier(), tenantID: tenant.id, approvalCode: LarkIDs.approvalCode(), name: "Travel",
            mapping: mapping,
            subscribed: true, createdAt: Date())
        try await storage.withTenant(tenant.id) { scope in
            try await scope.tenant.saveLarkConnection(connection)
            try await scope.approvals.saveFlow(flow)
        }
        return WebhookHarness(storage: storage, tenant: tenant, app: app, flow: flow)
    }

    /// The same workspace pushed to by another app (wrong keys or token).
    func withApp(_ other: FakeApp) -> WebhookHarness {
        WebhookHarness(storage: storage, tenant: tenant, app: other, flow: flow)
    }

    /// The same workspace over another storage (e.g. one that fails on purpose).
    func over(_ storage: any Storage) -> WebhookHarness {
        WebhookHarness(storage: storage, tenant: tenant, app: app, flow: flow)
    }

    /// Runs `body` with the service listening; the argument is the base URL.
    func serve(
        logger: Logger = Logger(label: "test"), services: AppServices? = nil,
        _ body: @Sendable (String) async throws -> Void
    ) async throws {
        let application = Application(
            router: KopiRouter.build(services ?? TestServices.make(storage: storage, logger: logger)))
        try await application.test(.live) { client in
            try await body("http://127.0.0.1:\(client.port!)")
        }
    }

    func url(_ base: String, _ channel: String = "events", endpoint: String? = nil) -> String {
        "\(base)/lark/\(endpoint ?? tenant.endpointID.value)/\(channel)"
    }

    /// One POST, no retries: status and body.
    func post(_ url: String, body: Data, headers: [(String, String)], timeout: Duration = .seconds(10)) async throws
        -> (Int, String)
    {
        let response = try await CurlHTTPClient(threads: 1).send(
            HTTPClientRequest(method: "POST", url: url, headers: headers, body: body, timeout: timeout))
        return (response.status, String(decoding: response.body, as: UTF8.self))
    }

    func send(_ delivery: FakeLarkPusher.Delivery, to url: String, timeout: Duration = .seconds(10)) async throws
        -> (Int, String)
    {
        try await post(url, body: delivery.body, headers: delivery.headers, timeout: timeout)
    }

    func inboxEvent(_ id: String) async throws -> InboxEvent? {
        try await storage.withTenant(tenant.id) { try await $0.inbox.event(id: id) }
    }

    func queuedJobs() async throws -> [Job] {
        try await storage.withTenant(tenant.id) { try await $0.scheduler.jobs(in: .queued, limit: 100) }
    }
}
