/** @type {import('next').NextConfig} */
const nextConfig = {
  serverExternalPackages: ["@electric-sql/pglite", "quickjs-emscripten", "pg", "jsonata"],
  poweredByHeader: false,
  typedRoutes: false,
};

module.exports = nextConfig;
