using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Vectron.Functions.Tests;

public sealed class HealthFunctionsTests
{
    [Fact]
    public void Get_Always_ReturnsOk()
    {
        var result = HealthFunctions.Get(new DefaultHttpContext().Request);

        Assert.IsType<OkObjectResult>(result);
    }
}
