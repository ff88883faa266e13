// A Stryker ignorer: the only code `npm run mutate` leaves alone is human-readable text, which a
// client never parses: an error's message (the last argument of `new ApiError(status, code,
// message)`, the only one of `new InvalidGrantError(message)` and the other OAuth errors) and log
// lines (console.*). Status codes, error codes, header names and values, parameter names, cookie
// attributes and media types stay mutated: clients see them and rely on them.
import { declareValuePlugin, PluginKind } from '@stryker-mutator/api/plugin';

const isText = (node) => node.type === 'StringLiteral' || node.type === 'TemplateLiteral';

/** `new XError(..., message)`: the argument index that holds the message, or -1. */
function messageIndex(node) {
  if (node.type !== 'NewExpression' || node.callee.type !== 'Identifier') return -1;
  const name = node.callee.name;
  if (name === 'ApiError') return 2;
  return /Error$/.test(name) ? 0 : -1;
}

function isConsoleCall(node) {
  return (
    node.type === 'CallExpression' &&
    node.callee.type === 'MemberExpression' &&
    node.callee.object.type === 'Identifier' &&
    node.callee.object.name === 'console'
  );
}

export const strykerPlugins = [
  declareValuePlugin(PluginKind.Ignore, 'messages', {
    shouldIgnore(path) {
      const { node, parentPath } = path;
      if (node.type === 'ExpressionStatement' && isConsoleCall(node.expression)) return 'a log line';
      if (isText(node) && parentPath && typeof path.key === 'number') {
        const at = messageIndex(parentPath.node);
        if (at >= 0 && path.key === at) return "an error's human-readable message";
      }
      return undefined;
    },
  }),
];
