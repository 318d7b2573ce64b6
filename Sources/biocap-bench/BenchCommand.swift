/// Quality benchmark (issue 5): scores the real images in release mode and prints JSON.
@main
struct BenchCommand {
    static func main() {
        print(#"{"error":"not implemented yet"}"#)
    }
}
