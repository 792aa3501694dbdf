{{/* Names: the usual Helm conventions, with nameOverride and fullnameOverride. */}}
{{- define "healthchecks.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "healthchecks.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* Where everything goes: the upstream `namespace` value, else the release namespace. */}}
{{- define "healthchecks.namespace" -}}
{{- .Values.namespace | default .Release.Namespace }}
{{- end }}

{{- define "healthchecks.selectorLabels" -}}
app.kubernetes.io/name: {{ include "healthchecks.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: controller
{{- end }}

{{- define "healthchecks.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
app.kubernetes.io/name: {{ include "healthchecks.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: healthchecks
{{- end }}

{{- define "healthchecks.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "healthchecks.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* The URL checker pods report to: the Service, unless set. */}}
{{- define "healthchecks.reportingUrl" -}}
{{- if .Values.controller.reportingUrl }}
{{- .Values.controller.reportingUrl }}
{{- else }}
{{- printf "http://%s.%s.svc.%s:%v/check" (include "healthchecks.fullname" .) (include "healthchecks.namespace" .) .Values.clusterDomain .Values.service.externalPort }}
{{- end }}
{{- end }}

{{/* The controller image: imageURL, else [imageRegistry or image.registry/]image.repository:tag (default appVersion). */}}
{{- define "healthchecks.image" -}}
{{- if .Values.imageURL }}
{{- .Values.imageURL }}
{{- else }}
{{- include "healthchecks.imageRef" (dict "root" . "image" .Values.image) }}
{{- end }}
{{- end }}

{{/* An image reference from {registry, repository, tag}; the global imageRegistry wins, the tag defaults to appVersion. */}}
{{- define "healthchecks.imageRef" -}}
{{- $registry := .root.Values.imageRegistry | default .image.registry }}
{{- $tag := .image.tag | default .root.Chart.AppVersion }}
{{- if $registry }}
{{- printf "%s/%s:%s" $registry .image.repository $tag }}
{{- else }}
{{- printf "%s:%s" .image.repository $tag }}
{{- end }}
{{- end }}

{{/*
True (non-empty) when a Prometheus Operator kind may be rendered: the API server serves it
(.Capabilities.APIVersions), or prometheus.force is set (helm template without a cluster, GitOps).
A cluster lists monitoring.coreos.com/v1 and each kind it serves (monitoring.coreos.com/v1/ServiceMonitor);
`helm template --api-versions monitoring.coreos.com/v1` names the group version alone, which then
stands for every kind. Where any kind of that version is listed, only the listed kinds count, so an
operator without PrometheusRule gets no PrometheusRule.
Argument: (list . "ServiceMonitor").
*/}}
{{- define "healthchecks.monitoringApi" -}}
{{- $root := index . 0 }}
{{- $kind := index . 1 }}
{{- $version := "monitoring.coreos.com/v1" }}
{{- $kindsListed := false }}
{{- range $root.Capabilities.APIVersions }}
{{- if hasPrefix (printf "%s/" $version) . }}{{ $kindsListed = true }}{{ end }}
{{- end }}
{{- if or $root.Values.prometheus.force ($root.Capabilities.APIVersions.Has (printf "%s/%s" $version $kind)) (and ($root.Capabilities.APIVersions.Has $version) (not $kindsListed)) }}true{{ end }}
{{- end }}

{{/* The job label Prometheus gives the controller's targets (the Service name), as a PromQL matcher. */}}
{{- define "healthchecks.jobSelector" -}}
{{- .Values.prometheus.prometheusRule.selector | default (printf "job=%q" (include "healthchecks.fullname" .)) }}
{{- end }}

{{/*
The pod-level and container-level securityContext of the controller and of the checker pods, from the
upstream `securityContext` values (plus seccompProfile and capabilities). Argument: the root context.
*/}}
{{- define "healthchecks.podSecurityContext" -}}
{{- with .Values.securityContext }}
{{- if .enabled }}
runAsNonRoot: {{ .runAsNonRoot }}
runAsUser: {{ .runAsUser }}
runAsGroup: {{ .runAsGroup | default .runAsUser }}
fsGroup: {{ .fsGroup }}
{{- with .seccompProfile }}
seccompProfile:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end }}
{{- end }}
{{- end }}

{{- define "healthchecks.containerSecurityContext" -}}
{{- with .Values.securityContext }}
{{- if .enabled }}
runAsNonRoot: {{ .runAsNonRoot }}
allowPrivilegeEscalation: {{ .allowPrivilegeEscalation }}
readOnlyRootFilesystem: {{ .readOnlyRootFilesystem }}
{{- with .capabilities }}
capabilities:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .seccompProfile }}
seccompProfile:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end }}
{{- end }}
{{- end }}

{{/*
A KuberhealthyCheck from the upstream-shaped values of check.<key>. Argument: a dict with
  root            the root context
  name            the khcheck's name
  check           .Values.check.<key>
  serviceAccount  the checker pod's ServiceAccount, or "" for the namespace's default
  env             fixed env entries (a list), before check.<key>.extraEnvs
  podSpec         extra pod spec fields (a dict), or nil
*/}}
{{- define "healthchecks.khcheck" -}}
{{- $root := .root }}
{{- $check := .check }}
apiVersion: comcast.github.io/v1
kind: KuberhealthyCheck
metadata:
  name: {{ .name }}
  namespace: {{ include "healthchecks.namespace" $root }}
  labels:
    {{- include "healthchecks.labels" $root | nindent 4 }}
    app.kubernetes.io/component: check
spec:
  runInterval: {{ $check.runInterval }}
  timeout: {{ $check.timeout }}
  {{- with $check.failureThreshold }}
  failureThreshold: {{ . }}
  {{- end }}
  {{- with $check.extraAnnotations }}
  extraAnnotations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with $check.extraLabels }}
  extraLabels:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  podSpec:
    {{- with .serviceAccount }}
    serviceAccountName: {{ . }}
    {{- end }}
    {{- with (include "healthchecks.podSecurityContext" $root) }}
    securityContext:
      {{- . | nindent 6 }}
    {{- end }}
    {{- with $root.Values.imagePullSecrets }}
    imagePullSecrets:
      {{- toYaml . | nindent 6 }}
    {{- end }}
    {{- with .podSpec }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
    containers:
      - name: main
        image: {{ include "healthchecks.imageRef" (dict "root" $root "image" $check.image) | quote }}
        imagePullPolicy: {{ $check.imagePullPolicy | default "IfNotPresent" }}
        {{- if or .env $check.extraEnvs }}
        env:
          {{- with .env }}
          {{- toYaml . | nindent 10 }}
          {{- end }}
          {{- range $key, $value := $check.extraEnvs }}
          - name: {{ $key }}
            value: {{ $value | quote }}
          {{- end }}
        {{- end }}
        {{- with $check.resources }}
        resources:
          {{- toYaml . | nindent 10 }}
        {{- end }}
        {{- with (include "healthchecks.containerSecurityContext" $root) }}
        securityContext:
          {{- . | nindent 10 }}
        {{- end }}
    {{- with $check.nodeSelector }}
    nodeSelector:
      {{- toYaml . | nindent 6 }}
    {{- end }}
    {{- with $check.tolerations }}
    tolerations:
      {{- toYaml . | nindent 6 }}
    {{- end }}
{{- end }}

{{/*
A checker's ServiceAccount, its Role and RoleBinding in the release namespace, and optionally a
ClusterRole and ClusterRoleBinding. Argument: a dict with
  root         the root context
  account      the ServiceAccount's name
  rules        namespaced rules (YAML text), or ""
  clusterRules cluster-scoped rules (YAML text), or ""
*/}}
{{- define "healthchecks.checkRbac" -}}
{{- $root := .root }}
{{- $namespace := include "healthchecks.namespace" $root }}
{{- $clusterName := printf "%s-%s" (include "healthchecks.fullname" $root) .account | trunc 63 | trimSuffix "-" }}
apiVersion: v1
kind: ServiceAccount
metadata:
  name: {{ .account }}
  namespace: {{ $namespace }}
  labels:
    {{- include "healthchecks.labels" $root | nindent 4 }}
    app.kubernetes.io/component: check
{{- with .rules }}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: {{ $.account }}
  namespace: {{ $namespace }}
  labels:
    {{- include "healthchecks.labels" $root | nindent 4 }}
    app.kubernetes.io/component: check
rules:
  {{- . | nindent 2 }}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: {{ $.account }}
  namespace: {{ $namespace }}
  labels:
    {{- include "healthchecks.labels" $root | nindent 4 }}
    app.kubernetes.io/component: check
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: {{ $.account }}
subjects:
  - kind: ServiceAccount
    name: {{ $.account }}
    namespace: {{ $namespace }}
{{- end }}
{{- with .clusterRules }}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: {{ $clusterName }}
  labels:
    {{- include "healthchecks.labels" $root | nindent 4 }}
    app.kubernetes.io/component: check
rules:
  {{- . | nindent 2 }}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: {{ $clusterName }}
  labels:
    {{- include "healthchecks.labels" $root | nindent 4 }}
    app.kubernetes.io/component: check
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: {{ $clusterName }}
subjects:
  - kind: ServiceAccount
    name: {{ $.account }}
    namespace: {{ $namespace }}
{{- end }}
{{- end }}
