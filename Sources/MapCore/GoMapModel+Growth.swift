// A core's growth event in the words both cores share. Each core reports growths in its own type
// (GoMapGrowthEvent, SwissMapGrowthEvent) and says, once, what each one is in these words: whether
// the growth goes on over later writes or is whole when reported, its kind, the entries and bytes
// it involved, and up to four facts of its own (growth.csv's `detail` in mapheap). Code generic
// over `GoMapModel` reads growths through this type alone, never through a switch on the core.

/// A core's growth event type: each event says what it is in the shared words.
public protocol GoMapModelGrowthEvent {
    /// This event in the words both cores share.
    var modelGrowth: GoMapModelGrowth { get }
}

/// A growth event in the words both cores share.
public enum GoMapModelGrowth: Sendable {
    /// A growth that goes on over later writes started (the classic map's incremental evacuation):
    /// the new storage is allocated, the old one still live.
    case started(Start)
    /// The growth in progress finished: `writes` writes did evacuation work; `bytesReleased` are
    /// Go's bytes the old generation held.
    case finished(writes: Int, bytesReleased: Int)
    /// A growth that was whole when reported, inside the insert that caused it (the Swiss map's
    /// small-to-table, table grow and directory grow); `bytesReleased` became garbage.
    case whole(Start, bytesReleased: Int)
    /// A Swiss table split, whole when reported: live entries then, Go's bytes of the two new tables
    /// and of the replaced one (now garbage), the new tables' localDepth, the tables afterwards and
    /// the entries moved. Splits come by the thousand (a 10M-key map splits 16,383 times), so a
    /// reader may sum them rather than keep each.
    case split(count: Int, bytesAllocated: Int, bytesReleased: Int, localDepth: Int, tables: Int, moved: Int)

    /// The kind of a growth that starts, or is whole, on its own (a table split is `split`).
    public enum Kind: Sendable, Equatable {
        /// Classic map: B + 1.
        case doubling
        /// Classic map: B unchanged, entries repacked to drop sparse overflow chains.
        case sameSize
        /// Swiss map: the small map's group becomes a table.
        case smallToTable
        /// Swiss map: one table doubles its capacity.
        case tableGrow
        /// Swiss map: the directory doubles.
        case directoryGrow
    }

    /// A growth as it starts (or, for one that is whole when reported, as it happened).
    public struct Start: Sendable {
        /// What kind of growth.
        public var kind: Kind
        /// Live entries when it started (the insert that caused it not counted yet).
        public var count: Int
        /// Go's bytes it allocated.
        public var bytesAllocated: Int
        /// The core's own facts about it.
        public var detail: Detail

        /// A growth start.
        @inlinable
        public init(kind: Kind, count: Int, bytesAllocated: Int, detail: Detail) {
            self.kind = kind
            self.count = count
            self.bytesAllocated = bytesAllocated
            self.detail = detail
        }
    }

    /// Up to four `name=value` facts about a growth, kept without allocating (a growth can be
    /// reported inside a measured window).
    public struct Detail: Sendable {
        /// How many facts there are (1...4).
        public let count: Int
        @usableFromInline let names: (StaticString, StaticString, StaticString, StaticString)
        @usableFromInline let values: (Double, Double, Double, Double)

        /// Facts in the order they are to be written: names and their values. A fact whose name is
        /// empty ends the list.
        @inlinable
        public init(_ first: StaticString, _ firstValue: Double, _ second: StaticString = "",
                    _ secondValue: Double = 0, _ third: StaticString = "", _ thirdValue: Double = 0,
                    _ fourth: StaticString = "", _ fourthValue: Double = 0) {
            count = second.utf8CodeUnitCount == 0 ? 1 : third.utf8CodeUnitCount == 0 ? 2
                : fourth.utf8CodeUnitCount == 0 ? 3 : 4
            names = (first, second, third, fourth)
            values = (firstValue, secondValue, thirdValue, fourthValue)
        }

        /// The facts, in order.
        public var facts: [(name: String, value: Double)] {
            let all = [(names.0, values.0), (names.1, values.1), (names.2, values.2), (names.3, values.3)]
            return all.prefix(count).map { (name: $0.0.description, value: $0.1) }
        }
    }
}
