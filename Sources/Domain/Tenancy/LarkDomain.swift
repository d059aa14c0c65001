/// Which of the two Open Platform deployments a tenant's app lives on.
public enum LarkDomain: String, Sendable, Codable, CaseIterable {
    case lark
    case feishu

    /// The Open Platform API host for this deployment.
    public var openAPIHost: String {
        switch self {
        case .lark: "open.larksuite.com"
        case .feishu: "open.feishu.cn"
        }
    }
}
