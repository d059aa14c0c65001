import Adapters
import Domain
import Foundation
import HTTP
import Logging

/// Kopi's settings, read from the environment names of the design (part of the interface).
struct AppConfiguration: Sendable {
    var database: DatabaseLocation
    /// Schema-owner URL used for Postgres migrations; the service itself runs as `database`'s role.
    var databaseOwnerURL: String?
    /// Postgres only: the role `kopi backup` and `kopi restore` use (`KOPI_BACKUP_DATABASE_URL`),
    /// a superuser or BYPASSRLS role, since row-level security hides every row from the others.
    /// Defaults to the owner URL.
    var backupDatabaseURL: String?
    var host: String
    var port: Int
    var publicURL: URL
    var masterKey: String?
    /// Where a development master key file is kept without `KOPI_MASTER_KEY` (SQLite only):
    /// `$XDG_CONFIG_HOME/kopi`, else `$HOME/.config/kopi`.
    var developmentKeyFolder = URL(fileURLWithPath: NSHomeDirectory()).appendingPathComponent(".config/kopi")
    var logFormat: LogFormat
    var logLevel: Logger.Level
    var lark: LarkGatewayConfiguration
    /// Nil when `KOPI_ANTHROPIC_API_KEY` is unset: invoices are then not read, and say so.
    var anthropic: AnthropicConfiguration?
    /// Nil when `KOPI_SMTP_URL` is unset: mail goes to the console outbox, which production
    /// (an https public URL or Postgres) accepts only with `KOPI_MAIL=console`.
    var smtp: SMTPConfiguration?
    /// Nil when `KOPI_GOOGLE_CLIENT_ID` is unset: Google sign-in is hidden.
    var google: OIDCConfiguration?
    /// Proxies allowed to set `X-Forwarded-*`.
    var trustedProxies = TrustedProxies.none
    /// Whether `/demo` and the simulated Lark exist (`KOPI_DEMO`): by default only for a local
    /// setup, that is an http loopback public URL or a SQLite database.
    var demo = false
    /// Whether `kopi serve` may run as a Postgres role that bypasses row-level security
    /// (`KOPI_ALLOW_RLS_BYPASS`); without it such a role stops start-up.
    var allowsRowLevelSecurityBypass = false
    /// Whether HSTS covers subdomains (`KOPI_HSTS_INCLUDE_SUBDOMAINS`); off unless the operator
    /// knows every subdomain of the public host serves https.
    var hstsIncludesSubdomains = false
    /// Messages sent per hour at most, by this process, to everyone (`KOPI_MAIL_PER_HOUR`).
    var mailPerHour = 500
    /// Jobs run at once in this process (`KOPI_WORKERS`). Jobs wait on Lark and the AI, not the
    /// CPU, so there are more workers than cores.
    var workers = 16
    /// AI calls in flight at once in this process (`KOPI_AI_CONCURRENCY`); more wait their turn.
    var aiConcurrency = 4
    /// How long a claimed job is a worker's (`KOPI_JOB_LEASE_SECONDS`); renewed every third of it
    /// while the job runs, so it bounds how soon a crashed instance's jobs run elsewhere.
    var jobLeaseSeconds = 120
    /// The bearer token `GET /metrics` asks for (`KOPI_METRICS_TOKEN`, at least 32 characters).
    var metricsToken: String?
    /// A listener of its own for `GET /metrics` (`KOPI_METRICS_ADDRESS`, `host:port`), for a
    /// scraper on an internal network.
    var metricsAddress: (host: String, port: Int)?
    /// The daily reference exchange-rate feed (`KOPI_EXCHANGE_RATE_FEED_URL`, the ECB's by
    /// default; `off` leaves only manual rates).
    var exchangeRateFeedURL: String? = ECBReferenceRateFeed.defaultURL

    /// Parses and validates everything, reporting every problem at once. `serving` adds what
    /// only a running service needs (a way to send mail); `kopi migrate` goes without.
    static func load(from environment: [String: String], serving: Bool = true) throws(ConfigurationError)
        -> AppConfiguration
    {
        var problems: [String] = []
        func value(_ name: String) -> String? {
            guard let text = environment[name]?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
            return text
        }

        var database = DatabaseLocation.sqlite(path: "kopi.db")
        do {
            database = try DatabaseLocation(parsing: value("KOPI_DATABASE_URL") ?? "sqlite:kopi.db")
        } catch {
            problems.append(error.description)
        }
        let owner = value("KOPI_DATABASE_OWNER_URL")
        if let owner,
            (try? DatabaseLocation(parsing: owner)).map({ if case .postgres = $0 { true } else { false } }) != true
        {
            problems.append("KOPI_DATABASE_OWNER_URL must be a postgres:// URL")
        }
        let backup = value("KOPI_BACKUP_DATABASE_URL")
        if let backup,
            (try? DatabaseLocation(parsing: backup)).map({ if case .postgres = $0 { true } else { false } }) != true
        {
            problems.append("KOPI_BACKUP_DATABASE_URL must be a postgres:// URL")
        }

        let port = Int(value("KOPI_PORT") ?? "8080")
        if port == nil || !(1...65535).contains(port!) { problems.append("KOPI_PORT must be a number from 1 to 65535") }

        let publicURL = URL(string: value("KOPI_PUBLIC_URL") ?? "http://localhost:\(port ?? 8080)")
        if publicURL?.host == nil || !["http", "https"].contains(publicURL?.scheme ?? "") {
            problems.append("KOPI_PUBLIC_URL must be an absolute http:// or https:// URL")
        }

        let format = LogFormat(rawValue: value("KOPI_LOG_FORMAT") ?? "text")
        if format == nil { problems.append("KOPI_LOG_FORMAT must be text or json") }
        let level = Logger.Level(rawValue: value("KOPI_LOG_LEVEL") ?? "info")
        if level == nil {
            problems.append("KOPI_LOG_LEVEL must be one of trace, debug, info, notice, warning, error, critical")
        }

        let masterKey = value("KOPI_MASTER_KEY")
        if let masterKey {
            do { _ = try MasterKeyring(parsing: masterKey) } catch { problems.append(error.description) }
        } else if case .postgres = database {
            problems.append("KOPI_MASTER_KEY is required with Postgres (generate one with `openssl rand -base64 32`)")
        }

        var lark = LarkGatewayConfiguration()
        if let base = value("KOPI_LARK_BASE_URL") {
            if let url = URL(string: base), url.host != nil,
                url.scheme == "https" || (url.scheme == "http" && Self.isLoopback(url.host!))
            {
                lark.baseURLOverride = base.hasSuffix("/") ? String(base.dropLast()) : base
            } else {
                problems.append("KOPI_LARK_BASE_URL must be an https:// URL (http:// only to a loopback address)")
            }
        }
        if let hosts = value("KOPI_LARK_DOWNLOAD_HOSTS") {
            lark.downloadHosts = hosts.split(separator: ",").map {
                $0.trimmingCharacters(in: .whitespaces).lowercased()
            }.filter { !$0.isEmpty }
            if lark.downloadHosts.isEmpty { problems.append("KOPI_LARK_DOWNLOAD_HOSTS names no host") }
        }

        var anthropic: AnthropicConfiguration?
        if let key = value("KOPI_ANTHROPIC_API_KEY") {
            var configuration = AnthropicConfiguration(apiKey: Secret(key))
            if let base = value("KOPI_ANTHROPIC_BASE_URL") {
                if let url = URL(string: base), let host = url.host,
                    url.scheme == "https" || (url.scheme == "http" && Self.isLoopback(host))
                {
                    configuration = AnthropicConfiguration(apiKey: Secret(key), baseURL: base)
                } else {
                    problems.append(
                        "KOPI_ANTHROPIC_BASE_URL must be an https:// URL (http:// only to a loopback address)")
                }
            }
            if let model = value("KOPI_ANTHROPIC_MODEL") { configuration.model = model }
            anthropic = configuration
        }

        var smtp: SMTPConfiguration?
        if let url = value("KOPI_SMTP_URL") {
            let fallback = publicURL?.host.flatMap { EmailAddress("no-reply@\($0)") }
            if let from = value("KOPI_MAIL_FROM").flatMap(EmailAddress.init)
                ?? (value("KOPI_MAIL_FROM") == nil ? fallback : nil)
            {
                smtp = SMTPConfiguration(url: url, from: from)
                if smtp == nil { problems.append("KOPI_SMTP_URL must be an smtp:// or smtps:// URL") }
            } else {
                problems.append(
                    "KOPI_MAIL_FROM must be an e-mail address (required when KOPI_PUBLIC_URL's host is not a domain)")
            }
        }

        // Without SMTP every message, sign-in links included, is printed to the console: fine on a
        // laptop, a way in for anyone reading the service's output in production.
        let mail = value("KOPI_MAIL")?.lowercased()
        if let mail, !["smtp", "console"].contains(mail) { problems.append("KOPI_MAIL must be smtp or console") }
        if mail == "console", value("KOPI_SMTP_URL") != nil {
            problems.append("KOPI_MAIL=console and KOPI_SMTP_URL contradict each other: unset one of them")
        }
        let production = publicURL?.scheme == "https" || !isSQLite(database)
        if serving, value("KOPI_SMTP_URL") == nil, mail == "smtp" || (production && mail != "console") {
            problems.append(
                "KOPI_SMTP_URL is required in production (an https KOPI_PUBLIC_URL or Postgres): without it sign-in"
                    + " links are printed to the console, where anyone who reads the service's output can use them."
                    + " Set KOPI_MAIL=console to accept that explicitly")
        }

        var google: OIDCConfiguration?
        if let clientID = value("KOPI_GOOGLE_CLIENT_ID") {
            let issuer = value("KOPI_GOOGLE_ISSUER") ?? OIDCConfiguration.googleIssuer
            if let url = URL(string: issuer), let host = url.host,
                url.scheme == "https" || (url.scheme == "http" && Self.isLoopback(host))
            {
                if let secret = value("KOPI_GOOGLE_CLIENT_SECRET") {
                    google = OIDCConfiguration(clientID: clientID, clientSecret: Secret(secret), issuer: issuer)
                } else {
                    problems.append("KOPI_GOOGLE_CLIENT_SECRET is required with KOPI_GOOGLE_CLIENT_ID")
                }
            } else {
                problems.append("KOPI_GOOGLE_ISSUER must be an https:// URL (http:// only to a loopback address)")
            }
        }

        var proxies = TrustedProxies.none
        if let text = value("KOPI_TRUSTED_PROXIES") {
            if let parsed = TrustedProxies(parsing: text) {
                proxies = parsed
            } else {
                problems.append("KOPI_TRUSTED_PROXIES must list IP addresses or CIDR blocks, separated by commas")
            }
        }

        func flag(_ name: String) -> Bool? {
            switch value(name)?.lowercased() {
            case nil: return nil
            case "on", "true", "1", "yes": return true
            case "off", "false", "0", "no": return false
            default:
                problems.append("\(name) must be on or off")
                return nil
            }
        }
        let demo = flag("KOPI_DEMO")
        let hstsIncludesSubdomains = flag("KOPI_HSTS_INCLUDE_SUBDOMAINS") ?? false
        let allowsBypass = flag("KOPI_ALLOW_RLS_BYPASS") ?? false

        func count(_ name: String, default fallback: Int, range: ClosedRange<Int>) -> Int {
            guard let text = value(name) else { return fallback }
            guard let number = Int(text), range.contains(number) else {
                problems.append("\(name) must be a number from \(range.lowerBound) to \(range.upperBound)")
                return fallback
            }
            return number
        }
        let workers = count("KOPI_WORKERS", default: 16, range: 0...256)
        let aiConcurrency = count("KOPI_AI_CONCURRENCY", default: 4, range: 1...64)
        let mailPerHour = count("KOPI_MAIL_PER_HOUR", default: 500, range: 1...1_000_000)
        let jobLease = count("KOPI_JOB_LEASE_SECONDS", default: 120, range: 3...3600)
        anthropic?.maxConcurrentRequests = aiConcurrency

        let metricsToken = value("KOPI_METRICS_TOKEN")
        if let metricsToken, metricsToken.count < 32 || metricsToken.contains(where: { $0.isWhitespace }) {
            problems.append("KOPI_METRICS_TOKEN must be at least 32 characters without spaces (openssl rand -hex 32)")
        }
        var metricsAddress: (host: String, port: Int)?
        if let address = value("KOPI_METRICS_ADDRESS") {
            let parts = address.split(separator: ":", omittingEmptySubsequences: false)
            if let portText = parts.last, let port = Int(portText), (1...65535).contains(port), parts.count >= 2 {
                let host = parts.dropLast().joined(separator: ":").trimmingCharacters(
                    in: CharacterSet(charactersIn: "[]"))
                metricsAddress = (host.isEmpty ? "127.0.0.1" : host, port)
            } else {
                problems.append("KOPI_METRICS_ADDRESS must be host:port (example: 127.0.0.1:9464)")
            }
        }

        var feedURL: String? = ECBReferenceRateFeed.defaultURL
        if let feed = value("KOPI_EXCHANGE_RATE_FEED_URL") {
            if feed == "off" {
                feedURL = nil
            } else if ECBReferenceRateFeed.isAllowed(feed) {
                feedURL = feed
            } else {
                problems.append(
                    "KOPI_EXCHANGE_RATE_FEED_URL must be an https:// URL (http:// only to a loopback address), or off")
            }
        }

        guard problems.isEmpty, let port, let publicURL, let format, let level else {
            throw ConfigurationError(problems: problems)
        }
        let configurationHome =
            value("XDG_CONFIG_HOME").map { URL(fileURLWithPath: $0) }
            ?? URL(fileURLWithPath: value("HOME") ?? NSHomeDirectory()).appendingPathComponent(".config")
        var configuration = AppConfiguration(
            database: database, databaseOwnerURL: owner, host: value("KOPI_HOST") ?? "127.0.0.1", port: port,
            publicURL: publicURL, masterKey: masterKey, logFormat: format, logLevel: level, lark: lark,
            anthropic: anthropic, smtp: smtp,
            google: google, trustedProxies: proxies,
            demo: demo ?? (isSQLite(database) || (publicURL.scheme == "http" && isLoopback(publicURL.host ?? ""))),
            allowsRowLevelSecurityBypass: allowsBypass, hstsIncludesSubdomains: hstsIncludesSubdomains,
            mailPerHour: mailPerHour, workers: workers, aiConcurrency: aiConcurrency)
        configuration.developmentKeyFolder = configurationHome.appendingPathComponent("kopi")
        configuration.backupDatabaseURL = backup ?? owner
        configuration.metricsToken = metricsToken
        configuration.jobLeaseSeconds = jobLease
        configuration.metricsAddress = metricsAddress
        configuration.exchangeRateFeedURL = feedURL
        return configuration
    }

    static func isSQLite(_ database: DatabaseLocation) -> Bool {
        if case .sqlite = database { true } else { false }
    }

    static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host.hasPrefix("127.") || host == "::1" || host == "[::1]"
    }
}

/// Every configuration problem found, one per line.
struct ConfigurationError: Error, CustomStringConvertible {
    let problems: [String]
    var description: String { "Kopi cannot start:\n" + problems.map { "  - \($0)" }.joined(separator: "\n") }
}
