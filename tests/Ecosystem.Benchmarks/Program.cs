using Ecosystem.Benchmarks;

return args.Length > 0 && args[0] == "analyses" ? await AnalysisBenchmark.RunAsync(args) : await StoreBenchmark.RunAsync(args);
