using Ecosystem.Benchmarks;

return args.Length > 0 ? args[0] switch
{
    "analyses" => await AnalysisBenchmark.RunAsync(args),
    "listings" => await ListingBenchmark.RunAsync(args),
    "import" => await ImportBenchmark.RunAsync(args),
    "cache" => await CacheBenchmark.RunAsync(args),
    "localization" => await LocalizationBenchmark.RunAsync(args),
    "soak" => await SoakBenchmark.RunAsync(args),
    "writes" => await WriteBenchmark.RunAsync(args),
    "writes-api" => await WriteApiBenchmark.RunAsync(args),
    "fuzz" => await FuzzBenchmark.RunAsync(args),
    "sourcing" => await SourcingBenchmark.RunAsync(args),
    "noise" => await NoiseBenchmark.RunAsync(args),
    "matching" => await MatchingBenchmark.RunAsync(args),
    "reconcile" => await ReconcileBenchmark.RunAsync(args),
    "live" => await LiveBenchmark.RunAsync(args),
    _ => await StoreBenchmark.RunAsync(args),
} : await StoreBenchmark.RunAsync(args);
