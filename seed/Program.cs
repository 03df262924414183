using Ecosystem.Seed;

return await SeedCli.RunAsync(args, Console.Out, Console.Error);
