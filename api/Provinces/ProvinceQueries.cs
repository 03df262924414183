using Ecosystem.Api.Schema;
using Ecosystem.Api.Errors;
using Ecosystem.Api.Loading;
using Ecosystem.Graph.Model;
using GraphQL;
using GraphQL.Types;

namespace Ecosystem.Api.Provinces;

public sealed class ProvinceLookupException(string message) : ApiException(ErrorCodes.BadUserInput, message);

public static class ProvinceQueries
{
    public static void AddTo(ObjectGraphType query)
    {
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<ProvinceType>>>>("provinces")
            .Description("The provinces in force on a date, by code: 34 today, 63 on any date before 2025-07-01. With includeFormer, also every unit that had ceased to be in force by then (today: the 34 and the 52 former units the merger replaced, 86 in all).")
            .Argument<DateType>("asOf", "The date (default: today in Vietnam).")
            .Argument<BooleanGraphType>("includeFormer", "Also list units no longer in force on that date.", a => a.DefaultValue = false)
            .ResolveAsync(async c =>
            {
                var asOf = c.GetArgument<DateOnly?>("asOf") ?? c.Request().Today;
                var directory = await c.View().ProvincesAsync(c.CancellationToken).ConfigureAwait(false);
                IEnumerable<Province> result = c.GetArgument("includeFormer", false)
                    ? directory.All.Where(p => p.IsValidOn(asOf) || p.ValidTo <= asOf)
                    : directory.AsOf(asOf);
                return result.OrderBy(p => p.Code, StringComparer.Ordinal).ThenBy(p => p.ValidFrom);
            });

        query.Field<ProvinceType>("province")
            .Description("A province by code or name, old or new, folded (\"hai duong\", \"Tỉnh Hải Dương\", \"30\"), resolved as of a date: the unit in force then wins, so code 24 is Bắc Giang before 2025-07-01 and Bắc Ninh after. A name only a former unit had (\"Hải Dương\") finds that former unit. Null when nothing matches.")
            .Argument<StringGraphType>("code", "Official two-digit code (\"01\" or \"1\").")
            .Argument<StringGraphType>("name", "Name, with or without diacritics or the word \"Tỉnh\"/\"Thành phố\"; Vietnamese or English.")
            .Argument<DateType>("asOf", "The date (default: today in Vietnam).")
            .ResolveAsync(async c =>
            {
                var code = c.GetArgument<string?>("code");
                var name = c.GetArgument<string?>("name");
                if (code is null == name is null)
                {
                    throw new ProvinceLookupException("Give exactly one of code and name.");
                }
                var asOf = c.GetArgument<DateOnly?>("asOf") ?? c.Request().Today;
                var directory = await c.View().ProvincesAsync(c.CancellationToken).ConfigureAwait(false);
                if (code is not null && !(code.Trim().Length is 1 or 2 && code.Trim().All(char.IsAsciiDigit)))
                {
                    throw new ProvinceLookupException($"\"{code}\" is not a province code: codes are one or two digits.");
                }
                return directory.Resolve(code ?? name, asOf);
            });
    }
}
