import Adapters
import Domain
import Foundation
import Logging
import Ports
import Testing

@testable import Application
@testable import Demo
@testable import HTTP
@testable import Kopi

@Suite("Configuration")
struct AppConfigurationTests {
    @Test("Defaults follow the design: SQLite kopi.db on 127.0.0.1:8080, text logs at info")
    func defaults() throws {
        let configuration = try AppConfiguration.load(from: [:])
        #expect(configuration.database == .sqlite(path: "kopi.db"))
        #expect(configuration.host == "127.0.0.1" && configuration.port == 8080)
        #expect(configuration.publicURL.absoluteString == "http://localhost:8080")
        #expect(configuration.logFormat == .text && configuration.logLevel == .info)
    }

    @Test("Every problem is reported at once, in words an operator can act on")
    func allProblems() {
        let environment = [
            "KOPI_DATABASE_URL": "mysql://db", "KOPI_PORT": "70000", "KOPI_PUBLIC_URL": "localhost",
            "KOPI_LOG_FORMAT": "xml", "KOPI_LOG_LEVEL": "loud", "KOPI_MASTER_KEY": "short",
            "KOPI_DATABASE_OWNER_URL": "sqlite:x",
        ]
        do {
            _ = try AppConfiguration.load(from: environment)
            Issue.record("a bad configuration was accepted")
        } catch {
            #expect(error.problems.count == 7)
            #expect(!error.description.contains("short"), "the key itself must not be echoed")
        }
    }

    @Test("Postgres requires a master key; a valid one is accepted")
    func postgresNeedsKey() throws {
        #expect(throws: ConfigurationError.self) {
            try AppConfiguration.load(from: ["KOPI_DATABASE_URL": "postgres://app@db/kopi"])
        }
        let key = MasterKeyring.generateText()
        let configuration = try AppConfiguration.load(from: [
            "KOPI_DATABASE_URL": "postgres://app@db/kopi", "KOPI_MASTER_KEY": key, "KOPI_LOG_FORMAT": "json",
            "KOPI_DATABASE_OWNER_URL": "postgres://owner@db/kopi", "KOPI_MAIL": "console",
        ])
        #expect(configuration.masterKey == key && configuration.logFormat == .json)
    }

    @Test("The Anthropic key enables the reader; its base URL must be https or loopback")
    func anthropic() throws {
        #expect(try AppConfiguration.load(from: [:]).anthropic == nil)
        let configured = try AppConfiguration.load(from: [
            "KOPI_ANTHROPIC_API_KEY": "sk-test", "KOPI_ANTHROPIC_BASE_URL": "http://127.0.0.1:9999",
            "KOPI_ANTHROPIC_MODEL": "claude-sonnet-4-6",
        ])
        #expect(
            configured.anthropic?.baseURL == "http://127.0.0.1:9999"
                && configured.anthropic?.model == "claude-sonnet-4-6")
        #expect(configured.anthropic?.apiKey.description == "<redacted>")
        #expect(throws: ConfigurationError.self) {
            try AppConfiguration.load(from: [
                "KOPI_ANTHROPIC_API_KEY": "sk-test", "KOPI_ANTHROPIC_BASE_URL": "http://example.com",
            ])
        }
        #expect(
            try AppConfiguration.load(from: ["KOPI_ANTHROPIC_API_KEY": "sk-test"]).anthropic?.baseURL
                == "https://api.anthropic.com")
    }

    @Test("SMTP needs an smtp(s) URL and a sender address")
    func smtp() throws {
        #expect(try AppConfiguration.load(from: [:]).smtp == nil)
        let configured = try AppConfiguration.load(from: [
            "KOPI_SMTP_URL": "smtp://127.0.0.1:2525", "KOPI_MAIL_FROM": "kopi@example.com",
        ])
        #expect(configured.smtp?.from.value == "kopi@example.com")
        let defaulted = try AppConfiguration.load(from: [
            "KOPI_SMTP_URL": "smtps://mail.example.com", "KOPI_PUBLIC_URL": "https://kopi.example.com",
        ])
        #expect(defaulted.smtp?.from.value == "no-reply@kopi.example.com")
        #expect(throws: ConfigurationError.self) {
            try AppConfiguration.load(from: ["KOPI_SMTP_URL": "smtp://127.0.0.1:2525"])
        }
        #expect(throws: ConfigurationError.self) {
            try AppConfiguration.load(from: ["KOPI_SMTP_URL": "http://mail", "KOPI_MAIL_FROM": "a@b.co"])
        }
    }

    @Test("Production (https or Postgres) without SMTP stops start-up naming KOPI_SMTP_URL, unless KOPI_MAIL=console")
    func consoleMailInProduction() throws {
        let key = "dGVzdC1rZXktdGVzdC1rZXktdGVzdC1rZXktMzJieXQ="
        for production in [
            ["KOPI_PUBLIC_URL": "https://kopi.example.com"],
            ["KOPI_DATABASE_URL": "postgres://kopi_app@db/kopi", "KOPI_MASTER_KEY": key],
        ] {
            do {
                _ = try AppConfiguration.load(from: production)
                Issue.record("production without SMTP must not start")
            } catch {
                #expect(error.problems.count == 1 && error.problems[0].hasPrefix("KOPI_SMTP_URL is required"))
                #expect(error.problems[0].contains("KOPI_MAIL=console"))
            }
            #expect(try AppConfiguration.load(from: production.merging(["KOPI_MAIL": "console"]) { $1 }).smtp == nil)
            #expect(
                try AppConfiguration.load(from: production, serving: false).smtp == nil, "kopi migrate sends no mail")
            let smtp = production.merging(["KOPI_SMTP_URL": "smtp://127.0.0.1:2525", "KOPI_MAIL_FROM": "k@example.com"])
            {
                $1
            }
            #expect(try AppConfiguration.load(from: smtp).smtp != nil)
        }
        #expect(try AppConfiguration.load(from: [:]).smtp == nil, "a local setup prints mail to the console")
        #expect(throws: ConfigurationError.self) { try AppConfiguration.load(from: ["KOPI_MAIL": "pigeon"]) }
        #expect(throws: ConfigurationError.self) { try AppConfiguration.load(from: ["KOPI_MAIL": "smtp"]) }
        #expect(throws: ConfigurationError.self) {
            try AppConfiguration.load(from: [
                "KOPI_MAIL": "console", "KOPI_SMTP_URL": "smtp://127.0.0.1:2525", "KOPI_MAIL_FROM": "k@example.com",
            ])
        }
    }

    @Test("HSTS subdomains and the row-level security bypass are off unless turned on; other words are refused")
    func failClosedFlags() throws {
        let defaults = try AppConfiguration.load(from: [:])
        #expect(!defaults.hstsIncludesSubdomains && !defaults.allowsRowLevelSecurityBypass)
        let on = try AppConfiguration.load(from: ["KOPI_HSTS_INCLUDE_SUBDOMAINS": "on", "KOPI_ALLOW_RLS_BYPASS": "yes"])
        #expect(on.hstsIncludesSubdomains && on.allowsRowLevelSecurityBypass)
        #expect(throws: ConfigurationError.self) { try AppConfiguration.load(from: ["KOPI_ALLOW_RLS_BYPASS": "sure"]) }
    }

    @Test("A Postgres password never reaches a log line, in the user part or as a query parameter")
    func databaseURLRedacted() throws {
        for url in [
            "postgres://kopi_app:hunter2@db/kopi", "postgres://kopi_app@db/kopi?password=hunter2",
            "postgres://kopi_app@db/kopi?sslmode=require&password=hunter2&sslpassword=hunter2",
        ] {
            let described = try DatabaseLocation(parsing: url).description
            #expect(!described.contains("hunter2"), "\(described)")
            #expect(described.contains("redacted") && described.hasPrefix("postgres://kopi_app"))
        }
        #expect(
            try DatabaseLocation(parsing: "postgres://kopi_app@db/kopi?sslmode=require").description
                == "postgres://kopi_app@db/kopi?sslmode=require")
    }

    @Test("The demo is on for a local setup and off in production unless KOPI_DEMO turns it on")
    func demoSwitch() throws {
        let production = [
            "KOPI_DATABASE_URL": "postgres://kopi_app@db/kopi", "KOPI_PUBLIC_URL": "https://kopi.example.com",
            "KOPI_MASTER_KEY": "dGVzdC1rZXktdGVzdC1rZXktdGVzdC1rZXktMzJieXQ=", "KOPI_MAIL": "console",
        ]
        let loopback = production.merging(["KOPI_PUBLIC_URL": "http://127.0.0.1:8080"]) { $1 }
        #expect(try AppConfiguration.load(from: [:]).demo, "SQLite is a local setup")
        #expect(try !AppConfiguration.load(from: production).demo)
        #expect(try AppConfiguration.load(from: loopback).demo, "an http loopback address is a local setup")
        #expect(try AppConfiguration.load(from: production.merging(["KOPI_DEMO": "on"]) { $1 }).demo)
        #expect(try !AppConfiguration.load(from: ["KOPI_DEMO": "off"]).demo)
        #expect(throws: ConfigurationError.self) { try AppConfiguration.load(from: ["KOPI_DEMO": "maybe"]) }
    }

    @Test(
        "Metrics: off by default; a token of 32+ characters, a listener as host:port; backups default to the owner URL"
    )
    func metricsAndBackupSettings() throws {
        let defaults = try AppConfiguration.load(from: [:])
        #expect(defaults.metricsToken == nil && defaults.metricsAddress == nil && defaults.backupDatabaseURL == nil)
        let token = String(repeating: "ab", count: 16)
        let set = try AppConfiguration.load(from: ["KOPI_METRICS_TOKEN": token, "KOPI_METRICS_ADDRESS": "0.0.0.0:9464"])
        #expect(set.metricsToken == token && set.metricsAddress?.host == "0.0.0.0" && set.metricsAddress?.port == 9464)
        #expect(try AppConfiguration.load(from: ["KOPI_METRICS_ADDRESS": "[::1]:9464"]).metricsAddress?.host == "::1")
        #expect(try AppConfiguration.load(from: ["KOPI_METRICS_ADDRESS": ":9464"]).metricsAddress?.host == "127.0.0.1")
        do {
            _ = try AppConfiguration.load(from: ["KOPI_METRICS_TOKEN": "short", "KOPI_METRICS_ADDRESS": "9464"])
            Issue.record("bad values were accepted")
        } catch {
            #expect(
                error.problems == [
                    "KOPI_METRICS_TOKEN must be at least 32 characters without spaces (openssl rand -hex 32)",
                    "KOPI_METRICS_ADDRESS must be host:port (example: 127.0.0.1:9464)",
                ])
        }
        let owner = "postgres://kopi_owner@db/kopi"
        let postgres = [
            "KOPI_DATABASE_URL": "postgres://kopi_app@db/kopi", "KOPI_MASTER_KEY": MasterKeyring.generateText(),
        ]
        #expect(
            try AppConfiguration.load(from: postgres.merging(["KOPI_DATABASE_OWNER_URL": owner]) { $1 }, serving: false)
                .backupDatabaseURL == owner)
        let superuser = "postgres://postgres@db/kopi"
        #expect(
            try AppConfiguration.load(
                from: postgres.merging(["KOPI_DATABASE_OWNER_URL": owner, "KOPI_BACKUP_DATABASE_URL": superuser]) {
                    $1
                },
                serving: false
            ).backupDatabaseURL == superuser)
        #expect(throws: ConfigurationError.self) {
            try AppConfiguration.load(from: ["KOPI_BACKUP_DATABASE_URL": "sqlite:x.db"], serving: false)
        }
    }

    @Test(
        "KOPI_WORKERS, KOPI_AI_CONCURRENCY and KOPI_JOB_LEASE_SECONDS size the process; the AI reader gets the bound; bad values are listed"
    )
    func concurrencySettings() throws {
        let defaults = try AppConfiguration.load(from: ["KOPI_ANTHROPIC_API_KEY": "sk-test"])
        #expect(defaults.workers == 16 && defaults.aiConcurrency == 4 && defaults.anthropic?.maxConcurrentRequests == 4)
        let sized = try AppConfiguration.load(from: [
            "KOPI_ANTHROPIC_API_KEY": "sk-test", "KOPI_WORKERS": "64", "KOPI_AI_CONCURRENCY": "32",
        ])
        #expect(sized.workers == 64 && sized.aiConcurrency == 32 && sized.anthropic?.maxConcurrentRequests == 32)
        #expect(try AppConfiguration.load(from: ["KOPI_WORKERS": "0"]).workers == 0, "an ingest-only instance")
        #expect(defaults.jobLeaseSeconds == 120)
        #expect(try AppConfiguration.load(from: ["KOPI_JOB_LEASE_SECONDS": "30"]).jobLeaseSeconds == 30)
        #expect(throws: ConfigurationError.self) { try AppConfiguration.load(from: ["KOPI_JOB_LEASE_SECONDS": "1"]) }
        do {
            _ = try AppConfiguration.load(from: ["KOPI_WORKERS": "many", "KOPI_AI_CONCURRENCY": "0"])
            Issue.record("bad values were accepted")
        } catch {
            #expect(
                error.problems == [
                    "KOPI_WORKERS must be a number from 0 to 256", "KOPI_AI_CONCURRENCY must be a number from 1 to 64",
                ])
        }
    }

    @Test(
        "Without KOPI_MASTER_KEY on SQLite a private key file is generated once, outside the database folder, then reused"
    )
    func developmentKeyFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kopi-key-\(UUID().uuidString)")
        let data = folder.appendingPathComponent("data")
        let home = folder.appendingPathComponent("config")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let configuration = try AppConfiguration.load(from: [
            "KOPI_DATABASE_URL": "sqlite:\(data.path)/kopi.db", "XDG_CONFIG_HOME": home.path,
        ])
        let logger = Logger(label: "test")
        let first = try MasterKeySource.keyring(for: configuration, logger: logger)
        let second = try MasterKeySource.keyring(for: configuration, logger: logger)
        #expect(first.currentKeyID == second.currentKeyID)
        #expect(try FileManager.default.contentsOfDirectory(atPath: data.path).isEmpty, "nothing beside the database")
        let file = MasterKeySource.developmentKeyFile(
            database: "\(data.path)/kopi.db", folder: home.appendingPathComponent("kopi"))
        #expect(FileManager.default.fileExists(atPath: file.path))
        let permissions = try FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? Int
        #expect(permissions == 0o600)
        let other = MasterKeySource.developmentKeyFile(database: "\(folder.path)/other.db", folder: home)
        #expect(other.lastPathComponent != file.lastPathComponent, "one key per database")
        try "garbage".write(to: file, atomically: true, encoding: .utf8)
        #expect(throws: ConfigurationError.self) { try MasterKeySource.keyring(for: configuration, logger: logger) }
    }

    @Test("A key file an older Kopi wrote beside the database is moved out of it, and the same key keeps opening")
    func legacyKeyFileMoved() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kopi-key-\(UUID().uuidString)")
        let data = folder.appendingPathComponent("data")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let key = MasterKeyring.generateText()
        try (key + "\n").write(to: data.appendingPathComponent(".kopi-master-key"), atomically: true, encoding: .utf8)
        let configuration = try AppConfiguration.load(from: [
            "KOPI_DATABASE_URL": "sqlite:\(data.path)/kopi.db",
            "XDG_CONFIG_HOME": folder.appendingPathComponent("c").path,
        ])
        let context = SealingContext(scope: "tenant:test", field: "app_secret")
        let sealed = try AESGCMSecretSealer(keyring: try MasterKeyring(parsing: key)).seal(
            Secret("app-secret"), context: context)
        let keyring = try MasterKeySource.keyring(for: configuration, logger: Logger(label: "test"))
        #expect(!FileManager.default.fileExists(atPath: data.appendingPathComponent(".kopi-master-key").path))
        #expect(
            try AESGCMSecretSealer(keyring: keyring).open(sealed, context: context).revealForOutboundUse()
                == "app-secret")
        let again = try MasterKeySource.keyring(for: configuration, logger: Logger(label: "test"))
        #expect(
            try AESGCMSecretSealer(keyring: again).open(sealed, context: context).revealForOutboundUse() == "app-secret"
        )
    }

    @Test("Google sign-in and trusted proxies: off by default, validated when set, the secret never echoed")
    func googleAndProxies() throws {
        let plain = try AppConfiguration.load(from: [:])
        #expect(plain.google == nil && plain.trustedProxies.blocks.isEmpty)
        let configured = try AppConfiguration.load(from: [
            "KOPI_GOOGLE_CLIENT_ID": "client.apps.googleusercontent.com", "KOPI_GOOGLE_CLIENT_SECRET": "GOCSPX-canary",
            "KOPI_TRUSTED_PROXIES": "10.0.0.0/8, ::1",
        ])
        #expect(
            configured.google?.issuer == "https://accounts.google.com"
                && configured.google?.clientID == "client.apps.googleusercontent.com")
        #expect(
            configured.trustedProxies.contains("10.1.2.3") && configured.trustedProxies.contains("::1")
                && !configured.trustedProxies.contains("11.0.0.1"))
        do {
            _ = try AppConfiguration.load(from: [
                "KOPI_GOOGLE_CLIENT_ID": "client", "KOPI_GOOGLE_ISSUER": "http://accounts.example.com",
                "KOPI_TRUSTED_PROXIES": "10.0.0.0/40",
            ])
            Issue.record("a bad configuration was accepted")
        } catch {
            #expect(error.problems.count == 2, "\(error.problems)")
            #expect(
                error.description.contains("KOPI_GOOGLE_ISSUER") && error.description.contains("KOPI_TRUSTED_PROXIES"))
        }
        #expect(throws: ConfigurationError.self) {
            try AppConfiguration.load(from: ["KOPI_GOOGLE_CLIENT_ID": "client"])
        }
    }
}
