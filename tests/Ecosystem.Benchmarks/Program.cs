using Ecosystem.Benchmarks;

return await StoreBenchmark.RunAsync(args);
