public import Foundation

/// How the curl gateway reaches Lark.
public struct LarkGatewayConfiguration: Sendable {
    /// `KOPI_LARK_BASE_URL`: replaces every tenant's Open Platform base URL (tests, proxies).
    public var baseURLOverride: String?
    /// `KOPI_LARK_DOWNLOAD_HOSTS`: host suffixes attachments may be downloaded from.
    public var downloadHosts: [String]
    public var requestTimeout: Duration
    public var downloadTimeout: Duration
    /// Attempts per call for retryable failures (5xx, 1395001, 429, network).
    public var maxAttempts: Int
    public var backoffBase: Duration
    /// The longest Kopi waits for a rate-limit reset before giving up with `rateLimited`.
    public var maxRateLimitWait: Duration
    public var maxRedirects: Int
    /// Tokens are used until this long before Lark says they expire.
    public var tokenExpiryMargin: TimeInterval

    public static let defaultDownloadHosts = [
        "byteimg.com", "feishucdn.com", "feishu.cn", "larksuite.com", "larkoffice.com", "larksuitecdn.com",
        "bytedance.com",
    ]

    public init(
        baseURLOverride: String? = nil, downloadHosts: [String] = LarkGatewayConfiguration.defaultDownloadHosts,
        requestTimeout: Duration = .seconds(10), downloadTimeout: Duration = .seconds(30), maxAttempts: Int = 4,
        backoffBase: Duration = .milliseconds(250), maxRateLimitWait: Duration = .seconds(30), maxRedirects: Int = 3,
        tokenExpiryMargin: TimeInterval = 180
    ) {
        self.baseURLOverride = baseURLOverride
        self.downloadHosts = downloadHosts
        self.requestTimeout = requestTimeout
        self.downloadTimeout = downloadTimeout
        self.maxAttempts = maxAttempts
        self.backoffBase = backoffBase
        self.maxRateLimitWait = maxRateLimitWait
        self.maxRedirects = maxRedirects
        self.tokenExpiryMargin = tokenExpiryMargin
    }
}
