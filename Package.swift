// swift-tools-version: 6.2
import PackageDescription

let package = Package(
    name: "Kopi",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "kopi", targets: ["Kopi"]),
        .executable(name: "kopi-bench", targets: ["KopiBench"]),
        .executable(name: "kopi-fuzz", targets: ["KopiFuzz"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1", traits: []),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
    ],
    targets: [
        // C system libraries: a module map and a shim each. Imported only inside Adapters.
        .systemLibrary(
            name: "KopiCLibPQ",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]
        ),
        .systemLibrary(
            name: "KopiCSQLite3",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        .systemLibrary(
            name: "KopiCCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),

        // The domain depends on nothing, ever.
        .target(name: "Domain"),
        .target(name: "Ports", dependencies: ["Domain"]),
        .target(
            name: "Adapters",
            dependencies: [
                "Domain", "Ports", "KopiCLibPQ", "KopiCSQLite3", "KopiCCurl",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        // The outer ring, one target per concern under Sources/App. Application holds the use
        // cases and sees only Domain and Ports; HTTP adds Hummingbird; Demo is the simulated Lark
        // of demo workspaces; Kopi is the composition root, the only place naming adapters.
        .target(
            name: "Application",
            dependencies: [
                "Domain", "Ports",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            path: "Sources/App/Application"
        ),
        .target(
            name: "HTTP",
            dependencies: [
                "Application", "Domain", "Ports",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            path: "Sources/App/HTTP"
        ),
        .target(
            name: "Demo",
            dependencies: [
                "Application", "HTTP", "Domain", "Ports",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            path: "Sources/App/Demo"
        ),
        .executableTarget(
            name: "Kopi",
            dependencies: [
                "Application", "HTTP", "Demo", "Domain", "Ports", "Adapters",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            path: "Sources/App/Kopi"
        ),
        // Benchmarks run against the loopback fakes, so they are a binary of their own.
        .executableTarget(
            name: "KopiBench",
            dependencies: [
                "Application", "HTTP", "Domain", "Ports", "Adapters", "Fakes",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            path: "Sources/App/Bench"
        ),

        // The parsers that read other parties' bytes, as fuzz targets (see scripts/fuzz), and
        // the libFuzzer binary; built without the fuzzer, it replays a corpus.
        .target(name: "FuzzTargets", dependencies: ["Domain", "Ports", "Adapters"], path: "Sources/App/Fuzz"),
        .executableTarget(name: "KopiFuzz", dependencies: ["FuzzTargets"], path: "Sources/App/KopiFuzz"),

        // Loopback fakes of Lark and Anthropic for tests, benchmarks and the demo.
        .target(
            name: "Fakes",
            dependencies: [
                "Domain", "Ports", "Adapters",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        .testTarget(name: "DomainTests", dependencies: ["Domain"], path: "Tests/Domain"),
        .testTarget(
            name: "AdaptersTests",
            dependencies: [
                "Domain", "Ports", "Adapters", "Fakes",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/Adapters"
        ),
        .testTarget(
            name: "AppTests",
            dependencies: [
                "Kopi", "Application", "HTTP", "Demo", "Domain", "Ports", "Adapters", "Fakes", "FuzzTargets",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Tests/App"
        ),
    ],
    swiftLanguageModes: [.v6]
)

// The same upcoming-feature settings on every Swift target.
for target in package.targets where target.type != .system {
    var settings = target.swiftSettings ?? []
    settings.append(.enableUpcomingFeature("ExistentialAny"))
    settings.append(.enableUpcomingFeature("MemberImportVisibility"))
    settings.append(.enableUpcomingFeature("InternalImportsByDefault"))
    target.swiftSettings = settings
}
