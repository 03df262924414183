using Ecosystem.Api.Auth;
using Ecosystem.Api.Errors;
using Ecosystem.Graph.Data.Editing;
using Ecosystem.Graph.Store;
using GraphQL;
using GraphQL.Types;

namespace Ecosystem.Api.Mutations;

/// <summary>
/// How every mutation runs: for editors, its typed input handed to the <see cref="GraphEditor"/> with the caller's name,
/// a refused edit as one BAD_USER_INPUT error per invalid input field (extensions.field naming it), a graph that other
/// writers kept changing as CONFLICT; the payload gives what changed and the new version.
/// </summary>
public static class Edits
{
    /// <summary>Runs an edit with the field's typed <c>input</c> and makes its payload, or adds the errors that refused it.</summary>
    public static async Task<object?> RunAsync<TInput, TResult>(
        IResolveFieldContext c,
        Func<GraphEditor, TInput, string, CancellationToken, Task<EditResult<TResult>>> edit,
        Func<EditResult<TResult>, TInput, object> payload)
        where TInput : notnull
    {
        var input = c.GetArgument<TInput>("input");
        var editor = c.RequestServices!.GetRequiredService<GraphEditor>();
        try
        {
            return payload(await edit(editor, input, Roles.Actor(c.User), c.CancellationToken).ConfigureAwait(false), input);
        }
        catch (EditRejectedException rejected)
        {
            // One error per invalid field, each naming it; the mutation's field is null, nothing was written.
            foreach (var error in rejected.Errors)
            {
                var field = error.Field.Length == 0 ? "input" : $"input.{error.Field}";
                var executionError = new ExecutionError($"{field}: {error.Message}") { Code = ErrorCodes.BadUserInput, Path = c.Path };
                executionError.AddLocation(c.FieldAst, c.Document);
                executionError.Data[EcosystemErrorInfoProvider.FieldKey] = field;
                c.Errors.Add(executionError);
            }
            return null;
        }
        catch (GraphChangedException)
        {
            // Other writers (replicas, imports) changed the graph under every attempt: refused whole, to be sent again.
            var executionError = new ExecutionError($"the graph changed while this edit was checked, {GraphEditor.Attempts} times over; nothing was written; send it again")
            {
                Code = ErrorCodes.Conflict,
                Path = c.Path,
            };
            executionError.AddLocation(c.FieldAst, c.Document);
            c.Errors.Add(executionError);
            return null;
        }
    }

}

/// <summary>The version and changed fields every payload has.</summary>
internal static class PayloadFields
{
    public static void AddVersion<T>(ObjectGraphType<T> type, Func<T, long> version, Func<T, bool> changed)
    {
        type.Field<NonNullGraphType<IntGraphType>>("version").Description("The graph version after the edit (the same as before when nothing changed).").Resolve(c => checked((int)version(c.Source)));
        type.Field<NonNullGraphType<BooleanGraphType>>("changed").Description("False when the graph already held exactly this.").Resolve(c => changed(c.Source));
    }
}
