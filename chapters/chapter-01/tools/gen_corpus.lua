-- Generates the LuaSocket 3.1 expectations of the url-parse and url-absolute
-- corpora (fixtures/corpus/url-*/), one JSON object per input line.
--
-- Usage: lua5.1 gen_corpus.lua parse|absolute < INPUT > OUTPUT
--   parse:    each line is a URL; prints the fields of socket.url.parse, keys
--             sorted, or {"error":"invalid url"} for an empty line.
--   absolute: each line is BASE<TAB>RELATIVE; prints {"absolute":"..."}.
-- The JSON is written exactly as serde_json writes it (no spaces; \" \\ \b
-- \f \n \r \t escaped, other control bytes as \u00XX), so chapter 1's
-- url_parse program must print the same bytes. tools/regen.sh runs it over
-- every input; tests/url.rs runs it too when lua5.1 and lua-socket are
-- installed. Needs: lua5.1, lua-socket (Debian).

local url = require("socket.url")

local short = { ['"'] = '\\"', ['\\'] = '\\\\', ['\b'] = '\\b', ['\f'] = '\\f',
                ['\n'] = '\\n', ['\r'] = '\\r', ['\t'] = '\\t' }

local function str(s)
  return '"' .. s:gsub('[%c"\\]', function(c)
    return short[c] or string.format("\\u%04x", c:byte())
  end) .. '"'
end

local function object(t)
  local keys = {}
  for k in pairs(t) do keys[#keys + 1] = k end
  table.sort(keys)
  local parts = {}
  for _, k in ipairs(keys) do parts[#parts + 1] = str(k) .. ":" .. str(tostring(t[k])) end
  return "{" .. table.concat(parts, ",") .. "}"
end

local modes = {
  parse = function(line)
    local parsed, err = url.parse(line)
    if not parsed then return object({ error = err }) end
    return object(parsed)
  end,
  absolute = function(line)
    local base, relative = line:match("^([^\t]*)\t(.*)$")
    if not base then return object({ error = "expected BASE<TAB>RELATIVE" }) end
    return object({ absolute = url.absolute(base, relative) })
  end,
}

local mode = modes[arg[1]]
if not mode then
  io.stderr:write("usage: lua5.1 gen_corpus.lua parse|absolute < INPUT > OUTPUT\n")
  os.exit(2)
end
for line in io.lines() do
  line = line:gsub("\r$", "")
  io.write(mode(line), "\n")
end
