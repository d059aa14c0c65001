import Application
import ArgumentParser
import Demo
import Domain
import Foundation
import Hummingbird
import Logging
import Ports

/// `kopi demo`: runs the service like `serve`, fills a fresh workspace with the demo, and prints
/// a sign-in link to it.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run Kopi with a demo workspace (simulated Lark, sample claims) and print a sign-in link.")

    @Option(help: "The demo user's e-mail address (default: a new address, so every run starts fresh).")
    var email: String?

    func run() async throws {
        guard let address = EmailAddress(email ?? "demo+\(Int(Date().timeIntervalSince1970))@kopi.example") else {
            throw ValidationError("--email must be an e-mail address")
        }
        try await runService { services, demo, logger in
            guard let demo else {
                logger.error("the demo is off: set KOPI_DEMO=on to run it with this configuration")
                return
            }
            do {
                try await Self.seed(services, demo: demo, email: address, logger: logger)
            } catch is CancellationError {
            } catch {
                logger.error("demo could not be created", metadata: ["error": "\(error)"])
            }
        }
    }

    static func seed(_ services: AppServices, demo: Demo, email: EmailAddress, logger: Logger) async throws {
        let signIn = SignInService(services: services)
        // Signing in once creates the user and a fresh workspace; that session is not handed out.
        let link = try await signIn.issueLink(for: email)
        guard let token = link.components(separatedBy: "#token=").last,
            let signedIn = try await signIn.redeem(token, from: "kopi-demo"),
            let membership = signedIn.memberships.first
        else { throw DemoSeeder.DemoError.notPrepared }
        try await signIn.signOut(sessionToken: signedIn.sessionToken)
        let caller = Caller(
            user: signedIn.user, tenantID: membership.tenantID, role: membership.role,
            memberships: signedIn.memberships, sessionToken: "")
        let seeder = DemoSeeder(services: services, demo: demo.state)
        do {
            try await seeder.prepare(caller)
        } catch let error as ApplicationError where error == DemoSeeder.alreadyThere {
            logger.notice("the workspace already holds a demo")
        }
        let url = try await signIn.issueLink(for: email)
        print(
            "\nKopi demo: open this link within 15 minutes to sign in as \(email.value):\n\n  \(url)\n\nThe simulated Lark inbox is at /demo/inbox. Stop with Ctrl-C.\n"
        )
        await seeder.populate(membership.tenantID)
        if let progress = await demo.state.progress(of: membership.tenantID) {
            logger.info(
                "demo ready", metadata: ["claims": "\(progress.pushed)", "failed": "\(progress.failed ?? "no")"])
        }
    }
}
