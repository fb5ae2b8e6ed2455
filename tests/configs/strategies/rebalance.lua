-- Test fixture for the configuration loader: only its existence matters here.
function tick(ctx)
end
