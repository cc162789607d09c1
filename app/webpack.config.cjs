// Bundles the JupyterLab application (app/index.ts + the packages of app/extensions.cjs) into
// app/build/, with index.html, schemas.json and themes/ beside the bundle (app/webpack/assets.cjs).
// `npm run build:app` builds in production mode (minified); `npm run build:app:dev` in
// development mode (faster, unminified). See app/README.md for what the server must serve.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const MiniCssExtractPlugin = require('mini-css-extract-plugin');
const { ModuleFederationPlugin } = require('webpack').container;
const { AppAssetsPlugin } = require('./webpack/assets.cjs');
const { appDir, repoDir, listFile } = require('./webpack/packages.cjs');
const { sharedPackages } = require('./webpack/shared.cjs');

const extensionDir = path.join(repoDir, 'extension');
const extensionTsconfig = path.join(extensionDir, 'tsconfig.json');

module.exports = (env, argv) => {
  return {
    mode: argv.mode === 'development' ? 'development' : 'production',
    context: appDir,
    entry: { main: ['./public-path.ts', './index.ts'] },
    output: {
      path: path.join(appDir, 'build'),
      filename: '[name].[contenthash:10].js',
      chunkFilename: '[name].[contenthash:10].js',
      assetModuleFilename: 'assets/[name].[contenthash:10][ext]',
      // public-path.ts sets it at run time from the page config; 'auto' is only the fallback.
      publicPath: 'auto',
      clean: true
    },
    // No source maps by default (faster, smaller builds); add `--devtool source-map` to debug.
    devtool: false,
    // Rebuilds (build-if-stale, --watch) reuse this cache; a fresh CI machine starts cold.
    cache: {
      type: 'filesystem',
      cacheDirectory: path.join(repoDir, 'node_modules', '.cache', 'bootbook-app'),
      // The shared packages (webpack/shared.cjs) are derived from package-lock.json.
      buildDependencies: { config: [__filename, path.join(repoDir, 'package-lock.json'), ...fs.readdirSync(path.join(appDir, 'webpack'))
        .map(f => path.join(appDir, 'webpack', f))] }
    },
    resolve: {
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'],
      alias: { '@bootbook/app-extensions$': listFile },
      // pageconfig.js reads a file with `path` when it runs under Node, never in a browser.
      fallback: { path: false }
    },
    module: {
      rules: [
        {
          // The list of packages becomes the module that imports them.
          test: listFile,
          type: 'javascript/esm',
          use: path.join(appDir, 'webpack', 'extensions-loader.cjs')
        },
        {
          test: /\.tsx?$/,
          include: appDir,
          loader: 'ts-loader',
          options: { transpileOnly: true, configFile: path.join(appDir, 'tsconfig.json') }
        },
        {
          // Our extension, compiled with its own tsconfig when it has one.
          test: /\.tsx?$/,
          include: extensionDir,
          loader: 'ts-loader',
          options: {
            transpileOnly: true,
            configFile: fs.existsSync(extensionTsconfig) ? extensionTsconfig : path.join(appDir, 'tsconfig.json')
          },
          // NodeNext-style sources import './x.js' for './x.ts'.
          resolve: { extensionAlias: { '.js': ['.ts', '.tsx', '.js'] } }
        },
        // @jupyter/web-components ships ESM with extensionless imports (NOTES.md).
        { test: /\.m?js$/, resolve: { fullySpecified: false } },
        {
          test: /\.css$/,
          exclude: /\.raw\.css$/,
          use: [MiniCssExtractPlugin.loader, 'css-loader']
        },
        { test: /\.raw\.css$/, type: 'asset/source' },
        { test: /\.(md|txt)$/, type: 'asset/source' },
        { test: /\.html$/, type: 'asset/resource' },
        { test: /\.(png|jpe?g|gif|cur|woff2?|ttf|eot)(\?v=\d+\.\d+\.\d+)?$/, type: 'asset' },
        // SVG: a data URL inside CSS, the raw markup for code (LabIcon takes SVG text).
        { test: /\.svg(\?v=\d+\.\d+\.\d+)?$/, issuer: /\.css$/, type: 'asset/inline' },
        { test: /\.svg(\?v=\d+\.\d+\.\d+)?$/, issuer: /\.[cm]?[jt]sx?$/, type: 'asset/source' }
      ]
    },
    plugins: [
      new MiniCssExtractPlugin({
        filename: '[name].[contenthash:10].css',
        chunkFilename: '[name].[contenthash:10].css'
      }),
      new AppAssetsPlugin(),
      // Prebuilt (federated) extensions listed in the page config load at run time (app/federated.ts)
      // and get the application's own JupyterLab, Lumino, React... modules (app/webpack/shared.cjs).
      new ModuleFederationPlugin({ name: 'bootbook', shared: sharedPackages() })
    ],
    optimization: {
      // Both modes run the libraries' production code (React without its development checks,
      // whose warnings would show as console errors); development mode only skips minifying.
      nodeEnv: 'production',
      splitChunks: {
        // The minifier holds one file's syntax tree at a time: ~1 MB files instead of one 10 MB
        // bundle halve the production build's memory (2.2 GB -> 0.9 GB). index.html loads them all.
        chunks: 'all',
        maxSize: { javascript: 1_000_000 },
        cacheGroups: {
          // But the start-up CSS stays one file in import order: split, the cascade changes.
          styles: { name: 'styles', type: 'css/mini-extract', chunks: 'initial', enforce: true }
        }
      }
    },
    performance: { hints: false },
    // The cache warns about large strings (CSS) it stores: noise, not a problem.
    infrastructureLogging: { level: 'error' },
    stats: { preset: 'errors-warnings', timings: true }
  };
};
