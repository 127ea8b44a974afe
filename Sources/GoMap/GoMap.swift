public struct GoMapPlaceholder {}
