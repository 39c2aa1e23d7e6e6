using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using Vectron.Functions.Hosting;
using Vectron.Functions.LocalHost;

// `--local-host` runs the same functions in a plain ASP.NET Core app (no Functions host needed); see docs/api.md.
if (LocalFunctionsHost.IsRequested(args))
{
    await LocalFunctionsHost.RunAsync(args);
    return;
}

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddVectronFunctions(builder.Configuration);
await builder.Build().RunAsync();
