from django.utils.cache import patch_cache_control


def public_cache(get_response):
    def middleware(request):
        response = get_response(request)
        if request.method in ("GET", "HEAD") and response.status_code == 200 and not response.cookies:
            patch_cache_control(response, public=True)  # so the shared VCL (which caches only "public") keeps it
        return response

    return middleware
