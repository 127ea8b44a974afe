// A class whose live instances are counted, in the style of swift-collections'
// Tests/_CollectionsTestSupport/Utilities/LifetimeTracked.swift: a map that leaks an entry leaves
// instances alive; a map that releases one twice either crashes (ASan) or drives `released`
// above `created`, which `deinit` catches at once.

/// Counts the instances it created and those still alive.
public final class LifetimeTracker: @unchecked Sendable {
    /// Instances created and not yet deinitialized.
    public private(set) var live = 0
    /// Instances ever created.
    public private(set) var created = 0
    /// Instances deinitialized.
    public private(set) var released = 0

    /// A tracker with nothing counted yet.
    public init() {}

    /// A new tracked instance carrying `payload`.
    public func instance<Payload>(for payload: Payload) -> LifetimeTracked<Payload> {
        LifetimeTracked(payload, for: self)
    }

    fileprivate func didCreate() {
        created += 1
        live += 1
    }

    fileprivate func didRelease() {
        released += 1
        live -= 1
        precondition(released <= created, "LifetimeTracker: more releases than instances (double release)")
    }
}

/// A class instance whose lifetime its tracker counts. Equality and hashing use the payload.
public final class LifetimeTracked<Payload>: @unchecked Sendable {
    /// The value equality and hashing use.
    public let payload: Payload
    private let tracker: LifetimeTracker
    private var deinitialized = false

    init(_ payload: Payload, for tracker: LifetimeTracker) {
        self.payload = payload
        self.tracker = tracker
        tracker.didCreate()
    }

    deinit {
        precondition(!deinitialized, "LifetimeTracked deinitialized twice")
        deinitialized = true
        tracker.didRelease()
    }
}

extension LifetimeTracked: Equatable where Payload: Equatable {
    public static func == (lhs: LifetimeTracked, rhs: LifetimeTracked) -> Bool { lhs.payload == rhs.payload }
}

extension LifetimeTracked: Hashable where Payload: Hashable {
    public func hash(into hasher: inout Hasher) { hasher.combine(payload) }
}
